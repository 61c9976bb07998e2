"""Persona empathy exercise: think as a neighbour who lives differently."""
