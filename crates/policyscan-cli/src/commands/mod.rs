//! One module per subcommand.

pub mod analyze;
pub mod corpus;
mod keyword_config;
pub mod kwic;
mod option_routing;
mod plugin_setup;
pub mod plugins;
