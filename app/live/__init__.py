"""Live transport: Socket.IO rooms, presence and small notifications."""
