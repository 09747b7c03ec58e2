"""culturemap: turn CX culture dialogues into coded evidence, a causal-loop map and a session pack."""

__version__ = "0.1.0"
