//! A minimal RFC 4180 CSV writer (quotes only when needed), with an optional UTF-8 BOM for
//! Excel, which otherwise shows Chinese text as mojibake.

use std::io::Write;

#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, excel_bom: bool) -> std::io::Result<Self> {
        if excel_bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        Ok(CsvWriter { out })
    }

    pub fn row<I, S>(&mut self, fields: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            let f = field.as_ref();
            if f.contains([',', '"', '\n', '\r']) {
                self.out.write_all(b"\"")?;
                self.out.write_all(f.replace('"', "\"\"").as_bytes())?;
                self.out.write_all(b"\"")?;
            } else {
                self.out.write_all(f.as_bytes())?;
            }
        }
        self.out.write_all(b"\r\n")
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        let mut buf = Vec::new();
        {
            let mut w = CsvWriter::new(&mut buf, false).expect("writer");
            w.row(["a", "b,c", "say \"hi\"", "区块链"]).expect("row");
        }
        assert_eq!(
            String::from_utf8(buf).expect("utf8"),
            "a,\"b,c\",\"say \"\"hi\"\"\",区块链\r\n"
        );
    }
}
