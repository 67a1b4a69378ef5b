//! One module per subcommand.

pub mod analyze;
pub mod corpus;
mod keyword_config;
pub mod kwic;
mod plugin_setup;
pub mod plugins;
