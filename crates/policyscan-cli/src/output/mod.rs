//! Writers for the files of `--out DIR` and the summary on stdout. The file formats are a
//! documented wire format (docs/output-format.md): change them only with that page.

pub mod citation_matrix_csv;
pub mod citations_csv;
pub mod columns;
pub mod coverage_csv;
pub mod csv_writer;
pub mod documents_csv;
pub mod findings_jsonl;
pub mod phrases_csv;
pub mod run_record;
pub mod summary;
