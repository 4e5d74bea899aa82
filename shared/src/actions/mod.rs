//! The 58 ApsaraDB for Cassandra actions, one module per product area.
