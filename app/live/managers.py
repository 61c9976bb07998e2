"""Socket.IO client managers where closing a room ends its connections.

A staff user's room is closed when their logins end (logout, password change,
deactivation). With a message queue the close reaches every process, and each
process disconnects the members it holds.
"""

import socketio


def _disconnect_members(manager, room: str, namespace: str | None) -> None:
    namespace = namespace or "/"
    for sid, _ in list(manager.get_participants(namespace, room)):
        manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class LocalManager(socketio.Manager):
    """One process: closing a room disconnects its members."""

    def close_room(self, room, namespace):
        _disconnect_members(self, room, namespace)
        super().close_room(room, namespace)


class RedisManager(socketio.RedisManager):
    """Several processes: every process disconnects its members of a closed room."""

    def _handle_close_room(self, message):
        _disconnect_members(self, message.get("room"), message.get("namespace"))
        super()._handle_close_room(message)


def client_manager(message_queue: str | None):
    """Return the manager for this deployment: local, or shared through Redis."""
    if not message_queue:
        return LocalManager()
    return RedisManager(message_queue, channel="flask-socketio")
