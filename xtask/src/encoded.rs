//! Writing text in the encodings real corpora arrive in.

use anyhow::{bail, Result};

/// An encoding a fixture file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    /// GBK bytes; the decoder reports them as `gb18030` (a superset).
    Gbk,
}

impl TextEncoding {
    /// The name the decoder reports for such a file.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Gbk => "gb18030",
        }
    }
}

/// Encodes `text`; fails when a character cannot be represented.
pub fn encode(text: &str, encoding: TextEncoding) -> Result<Vec<u8>> {
    Ok(match encoding {
        TextEncoding::Utf8 => text.as_bytes().to_vec(),
        TextEncoding::Utf8Bom => {
            let mut out = vec![0xEF, 0xBB, 0xBF];
            out.extend_from_slice(text.as_bytes());
            out
        }
        TextEncoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        }
        TextEncoding::Gbk => {
            let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
            if had_errors {
                bail!("text has characters GBK cannot represent");
            }
            bytes.into_owned()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() -> Result<()> {
        let text = "区块链＋政务服务“测试”";
        assert_eq!(
            &encode(text, TextEncoding::Utf8Bom)?[..3],
            &[0xEF, 0xBB, 0xBF]
        );
        let utf16 = encode(text, TextEncoding::Utf16Le)?;
        assert_eq!(&utf16[..2], &[0xFF, 0xFE]);
        let gbk = encode(text, TextEncoding::Gbk)?;
        let (back, _, bad) = encoding_rs::GB18030.decode(&gbk);
        assert!(!bad);
        assert_eq!(back, text);
        assert!(encode("😀", TextEncoding::Gbk).is_err());
        Ok(())
    }
}
