"""Purchase groups: neighbourhood interest bundled into group purchases."""
