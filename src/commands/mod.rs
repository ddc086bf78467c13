//! Command implementations, one module per subcommand.

pub mod sandbox;
