"""The system of record for what is owed."""
