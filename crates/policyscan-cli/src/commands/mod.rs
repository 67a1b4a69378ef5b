//! One module per subcommand.

pub mod analyze;
pub mod corpus;
pub mod kwic;
mod keyword_config;
