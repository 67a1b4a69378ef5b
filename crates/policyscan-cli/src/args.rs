//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "policyscan",
    version,
    about = "Find keyword mentions, \"X+\" phrases and policy citations in corpora of government \
             work reports and policy documents, with every hit traceable to a sentence.",
    long_about = "Find keyword mentions, \"X+\" phrases (区块链+政务服务) and policy citations \
                  (《…指导意见》, 国办发〔2019〕58号) in corpora of government work reports and policy \
                  documents (Chinese and English), with every hit traceable to a sentence. More \
                  analyzers load at run time as plugins.\n\n\
                  A corpus is one or more paths: directories (walked recursively), .txt/.md/.html \
                  files, or .jsonl files (one document per line with a \"text\" field). Region and \
                  year come from a manifest in the corpus root (MANIFEST.tsv, manifest.csv, \
                  manifest.json), else from the path (2020/beijing.txt, 北京_2020.txt), else from \
                  the title line.\n\n\
                  Exit codes: 0 = clean run; 2 = some input or document failed (the rest was \
                  still analyzed and reported) or the run could not start."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze a corpus: per-concept coverage by region and year, and (with --out) every
    /// finding with its provenance.
    Analyze(AnalyzeArgs),
    /// Inventory of a corpus: documents, encodings, region × year grid, skipped files.
    Corpus(CorpusArgs),
    /// Keyword in context: every mention of a term or concept with the text around it.
    Kwic(KwicArgs),
    /// Analyzer plugins: list the available ones, or check one before using it.
    #[command(subcommand)]
    Plugins(PluginsCommand),
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// List the built-in analyzers and the plugins found (--plugin and POLICYSCAN_PLUGIN_PATH)
    /// with id, version, ABI and path.
    List(PluginListArgs),
    /// Load a plugin, validate it and run its own declared examples as a self-test.
    /// Exit code 0 when it passes, 2 with the reason when it does not.
    Check(PluginCheckArgs),
}

#[derive(Debug, Args)]
pub struct PluginListArgs {
    #[command(flatten)]
    pub plugins: PluginArgs,
}

#[derive(Debug, Args)]
pub struct PluginCheckArgs {
    /// The plugin library (.so / .dylib / .dll).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Configuration file for the plugin (JSON object, or a file the plugin reads itself).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Options that load analyzer plugins.
#[derive(Debug, Args)]
pub struct PluginArgs {
    /// Load an analyzer plugin (a shared library built with `cargo xtask plugins`).
    /// Repeatable. Directories listed in POLICYSCAN_PLUGIN_PATH (separated like PATH) are also
    /// scanned for plugins.
    #[arg(long = "plugin", value_name = "PATH")]
    pub plugins: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A human summary.
    Table,
    /// The same summary as JSON.
    Json,
}

/// Options shared by commands that read a corpus.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Worker threads (default: one per core). With more than one, the main thread writes
    /// the outputs alongside them; with 1 everything runs on one thread. Output is identical
    /// for any value.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress display and no notices on stderr (failures are still reported).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl CommonArgs {
    /// The engine's options, with the thread count resolved (so run.json records the count
    /// that was used, not "default").
    pub fn run_options(&self) -> policyscan_host::RunOptions {
        let threads = match self.threads {
            Some(n) if n > 0 => n,
            _ => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        policyscan_host::RunOptions {
            threads,
            ..Default::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Corpus directories, files or .jsonl files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Analyzers to run, comma-separated (default: all built-in ones and all loaded
    /// plugins). Built-in: keyword, phrase, citation.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub analyzers: Vec<String>,
    /// A concept dictionary (TOML) that adds concepts or replaces built-in ones with the
    /// same id. Repeatable. See the README for the format.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Only these concepts (ids such as blockchain, big_data). Repeatable.
    #[arg(long = "concept", value_name = "ID")]
    pub concepts: Vec<String>,
    /// A phrase-pattern file (TOML) adding named patterns such as `{x}赋能{y}` to the
    /// built-in "X+" patterns. Repeatable. See the README for the format.
    #[arg(long = "patterns", value_name = "FILE")]
    pub patterns: Vec<PathBuf>,
    /// A citation registry file (TOML, the format of the bundled registry of central
    /// documents) adding documents with canonical ids, titles, aliases and 文号 for the
    /// citation analyzer; an entry with a bundled id replaces it. Repeatable.
    #[arg(long = "registry", value_name = "FILE")]
    pub registries: Vec<PathBuf>,
    /// Write findings.jsonl, documents.csv, coverage.csv, run.json, phrases.csv (when the
    /// phrase analyzer runs) and citations.csv and citation-matrix.csv (when the citation
    /// analyzer runs) into DIR.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Format of the summary on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Start CSV files with a UTF-8 byte-order mark, so Excel shows Chinese correctly.
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub plugins: PluginArgs,
    /// Configuration of analyzer ID: a JSON object file, or any other file, which the
    /// analyzer receives as `{"config_file": FILE}` (e.g. `keyword=my-dictionary.toml`).
    /// --dict, --concept, --patterns and --registry add to its lists. Repeatable.
    #[arg(long = "plugin-config", value_name = "ID=FILE")]
    pub plugin_configs: Vec<String>,
    /// Run no built-in analyzer, only the loaded plugins.
    #[arg(long)]
    pub no_builtin: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Corpus directories, files or .jsonl files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Format of the inventory on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyscan kwic corpus/ 区块链\n  policyscan kwic corpus/ \
                        --concept blockchain --width 40\n\nWithout --concept, the last argument \
                        is the term; it is matched like a dictionary term (line breaks, \
                        full-width forms and traditional script included)."
)]
pub struct KwicArgs {
    /// Corpus paths, then the term (unless --concept is given).
    #[arg(required = true, value_name = "PATH|TERM")]
    pub args: Vec<String>,
    /// Show mentions of a dictionary concept instead of a single term. Repeatable.
    #[arg(long = "concept", value_name = "ID")]
    pub concepts: Vec<String>,
    /// A concept dictionary (TOML) for --concept. Repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 30, value_name = "N")]
    pub width: usize,
    #[command(flatten)]
    pub common: CommonArgs,
}
