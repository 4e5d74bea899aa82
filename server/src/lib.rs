//! cassadmin: the control panel and audited API gateway for ApsaraDB for Cassandra.

pub mod cloud;
