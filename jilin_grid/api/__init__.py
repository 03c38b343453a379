"""The base of every API endpoint: scoping, permissions, pagination and error messages."""
