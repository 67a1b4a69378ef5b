//! Bytes → text. Reports come as UTF-8 (with or without BOM), UTF-16 exported from Word or
//! Excel, and GBK/GB18030 from older Chinese web sites; a file that decodes nowhere must be
//! reported as a failure, never dropped or silently filled with replacement characters.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The encoding a document was decoded from, recorded as provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    /// Lowercase label used in outputs.
    pub fn name(&self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Gb18030 => "gb18030",
        }
    }
}

/// Why a file yields no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// No bytes, or only whitespace after decoding.
    #[error("empty file")]
    Empty,
    /// A NUL byte, or a high share of other control bytes, at or from `offset`.
    #[error("binary file (NUL or control byte at offset {offset})")]
    Binary { offset: usize },
    /// Neither UTF-8 nor GB18030 (nor the UTF-16 its BOM promised); `offset` is the first
    /// byte that does not decode.
    #[error("undecodable text (neither UTF-8 nor GB18030; first bad byte at offset {offset})")]
    Undecodable { offset: usize },
    /// Mostly valid UTF-8 with a few invalid bytes (a truncated or damaged copy); `offset` is
    /// the first invalid byte. Not tried as GB18030, which would turn it into mojibake.
    #[error(
        "damaged UTF-8: invalid byte at offset {offset} \
         (the rest of the file is UTF-8; not decoded as GB18030)"
    )]
    DamagedUtf8 { offset: usize },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// How many leading bytes the control-character heuristic looks at.
const SNIFF_LEN: usize = 8 * 1024;

/// Files up to this size are validated with SIMD and copied; larger ones are validated in
/// place, so a huge file is never held twice.
const COPY_VALIDATED_MAX: usize = 64 << 20;

/// Decodes `bytes`, copying them once into the returned `String`.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), DecodeError> {
    decode_impl(bytes, |text| text.to_owned())
}

/// Like [`decode`], but for files over 64 MB reuses the buffer when the bytes are already
/// UTF-8, so a large file is never held twice (smaller ones are validated with SIMD and
/// copied, which is faster).
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, TextEncoding), DecodeError> {
    // SIMD validation and a copy cost far less than std's validation of CJK text (the std
    // fast path is for ASCII); only very large files are validated in place.
    let utf16 = bytes.starts_with(UTF16LE_BOM) || bytes.starts_with(UTF16BE_BOM);
    if bytes.len() <= COPY_VALIDATED_MAX || utf16 {
        return decode(&bytes);
    }
    let bom = bytes.starts_with(UTF8_BOM);
    let body_start = if bom { UTF8_BOM.len() } else { 0 };
    check_binary(&bytes[body_start..], body_start)?;
    bytes.drain(..body_start);
    match String::from_utf8(bytes) {
        Ok(text) if bom => finish(text, TextEncoding::Utf8Bom),
        Ok(text) => finish(text, TextEncoding::Utf8),
        Err(e) if bom => Err(DecodeError::Undecodable {
            offset: body_start + e.utf8_error().valid_up_to(),
        }),
        Err(e) => {
            let first_bad = e.utf8_error().valid_up_to();
            decode_gb18030(e.as_bytes(), first_bad)
        }
    }
}

/// Shared decision procedure; `own` turns a borrowed valid UTF-8 body into a `String`.
fn decode_impl(
    bytes: &[u8],
    own: impl FnOnce(&str) -> String,
) -> Result<(String, TextEncoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(body) = bytes.strip_prefix(UTF16LE_BOM) {
        return decode_utf16(body, UTF_16LE, TextEncoding::Utf16Le);
    }
    if let Some(body) = bytes.strip_prefix(UTF16BE_BOM) {
        return decode_utf16(body, UTF_16BE, TextEncoding::Utf16Be);
    }
    if let Some(body) = bytes.strip_prefix(UTF8_BOM) {
        check_binary(body, UTF8_BOM.len())?;
        return match simdutf8::compat::from_utf8(body) {
            Ok(text) => finish(own(text), TextEncoding::Utf8Bom),
            Err(e) => Err(DecodeError::Undecodable {
                offset: UTF8_BOM.len() + e.valid_up_to(),
            }),
        };
    }
    check_binary(bytes, 0)?;
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => finish(own(text), TextEncoding::Utf8),
        Err(e) => decode_gb18030(bytes, e.valid_up_to()),
    }
}

/// The fallback for bytes that are not UTF-8; `first_bad` is where UTF-8 failed. Bytes
/// that are mostly UTF-8 are reported as damaged rather than decoded as GB18030.
fn decode_gb18030(bytes: &[u8], first_bad: usize) -> Result<(String, TextEncoding), DecodeError> {
    if is_mostly_utf8(bytes) {
        return Err(DecodeError::DamagedUtf8 { offset: first_bad });
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => finish(text.into_owned(), TextEncoding::Gb18030),
        None => Err(DecodeError::Undecodable { offset: first_bad }),
    }
}

/// Whether invalid UTF-8 `bytes` are really UTF-8 with a few damaged spots: at least
/// [`MIN_UTF8_3BYTE`] valid 3-byte sequences (CJK text), and at least
/// [`UTF8_3BYTE_PER_INVALID`] of them per invalid sequence. GBK pairs form valid 2-byte
/// UTF-8 sequences now and then but valid 3-byte ones rarely, and leave many invalid bytes.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let mut three_byte = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        let (valid, next) = match std::str::from_utf8(rest) {
            Ok(_) => (rest, None),
            Err(e) => {
                invalid += 1;
                let (valid, after) = rest.split_at(e.valid_up_to());
                // `None`: an incomplete sequence at the end of the input.
                (valid, e.error_len().map(|len| &after[len..]))
            }
        };
        // In valid UTF-8, every byte 0xE0..=0xEF leads a 3-byte sequence.
        three_byte += valid.iter().filter(|b| (0xE0..=0xEF).contains(*b)).count();
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    three_byte >= MIN_UTF8_3BYTE && three_byte >= UTF8_3BYTE_PER_INVALID * invalid
}

/// See [`is_mostly_utf8`].
const MIN_UTF8_3BYTE: usize = 4;
const UTF8_3BYTE_PER_INVALID: usize = 4;

/// UTF-16 after its BOM; offsets in errors count the 2-byte BOM.
fn decode_utf16(
    body: &[u8],
    encoding: &'static Encoding,
    label: TextEncoding,
) -> Result<(String, TextEncoding), DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .ok_or(DecodeError::Undecodable { offset: 2 })?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => finish(text, label),
        DecoderResult::Malformed(bad, after) => {
            let start = read.saturating_sub(usize::from(bad) + usize::from(after));
            Err(DecodeError::Undecodable { offset: 2 + start })
        }
        // Cannot happen with a buffer of the maximum length; report rather than panic.
        DecoderResult::OutputFull => Err(DecodeError::Undecodable { offset: 2 + read }),
    }
}

/// Rejects NUL bytes anywhere and texts whose first 8 KB are more than 10% control bytes.
/// `base` is added to reported offsets (the length of a stripped BOM).
fn check_binary(bytes: &[u8], base: usize) -> Result<(), DecodeError> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary {
            offset: base + offset,
        });
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let is_control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C);
    let controls = head.iter().filter(|b| is_control(b)).count();
    if controls * 10 > head.len() {
        let first = head.iter().position(is_control).unwrap_or(0);
        return Err(DecodeError::Binary {
            offset: base + first,
        });
    }
    Ok(())
}

/// Text with only whitespace and invisible characters counts as empty: nothing to analyze.
fn finish(text: String, encoding: TextEncoding) -> Result<(String, TextEncoding), DecodeError> {
    if policyscan_api::text_rules::is_blank(&text) {
        return Err(DecodeError::Empty);
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "2020年北京市政府工作报告\n推进“区块链+”应用。";

    fn both(bytes: &[u8]) -> Result<(String, TextEncoding), DecodeError> {
        let borrowed = decode(bytes);
        assert_eq!(
            decode_owned(bytes.to_vec()),
            borrowed,
            "decode and decode_owned agree"
        );
        borrowed
    }

    #[test]
    fn plain_utf8() {
        assert_eq!(
            both(SAMPLE.as_bytes()),
            Ok((SAMPLE.to_owned(), TextEncoding::Utf8))
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(both(&bytes), Ok((SAMPLE.to_owned(), TextEncoding::Utf8Bom)));
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(SAMPLE);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(both(&gbk), Ok((SAMPLE.to_owned(), TextEncoding::Gb18030)));
    }

    #[test]
    fn utf16_with_bom_both_endians() {
        let units: Vec<u16> = SAMPLE.encode_utf16().collect();
        let mut le = UTF16LE_BOM.to_vec();
        let mut be = UTF16BE_BOM.to_vec();
        for u in &units {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(both(&le), Ok((SAMPLE.to_owned(), TextEncoding::Utf16Le)));
        assert_eq!(both(&be), Ok((SAMPLE.to_owned(), TextEncoding::Utf16Be)));
    }

    #[test]
    fn broken_utf16_is_undecodable() {
        // "a" then an unpaired high surrogate followed by "b".
        let bytes = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(both(&bytes), Err(DecodeError::Undecodable { offset: 4 }));
    }

    #[test]
    fn nul_byte_means_binary() {
        assert_eq!(both(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(b"x\0");
        assert_eq!(both(&bom), Err(DecodeError::Binary { offset: 4 }));
    }

    #[test]
    fn many_control_bytes_mean_binary() {
        let bytes = b"ab\x01\x02cd\x03efgh";
        assert_eq!(both(bytes), Err(DecodeError::Binary { offset: 2 }));
        // A few form feeds and tabs are ordinary text.
        assert!(both(b"page one\x0cpage\ttwo\r\n").is_ok());
        // One stray control byte in a long text is tolerated.
        let mut text = "正文".repeat(100).into_bytes();
        text.push(0x1B);
        assert!(both(&text).is_ok());
    }

    #[test]
    fn neither_utf8_nor_gb18030_is_undecodable() {
        let bytes = [0x80, 0xFF, 0xFE, 0x81, 0x30, 0x41];
        assert_eq!(both(&bytes), Err(DecodeError::Undecodable { offset: 0 }));
        let mut later = b"ok ".to_vec();
        later.extend_from_slice(&[0xFF, 0xFF]);
        assert_eq!(both(&later), Err(DecodeError::Undecodable { offset: 3 }));
    }

    /// A few paragraphs of a work report, as found in the corpus.
    const REPORT: &str =
        "中国特色社会主义进入新时代，我国经济已由高速增长阶段转向高质量发展阶段。\n\
        过去一年，我们坚持稳中求进工作总基调，全面深化改革开放，扩大数据开放，推进区块链、\
        人工智能、大数据等新技术与实体经济深度融合，全年地区生产总值增长6.1%。\n\
        今年工作的总体要求是：坚持以人民为中心的发展思想，统筹疫情防控和经济社会发展，\
        做好“六稳”工作、落实“六保”任务，加快建设现代化经济体系。\n";

    #[test]
    fn damaged_utf8_is_reported_not_decoded_as_gb18030() {
        // Two bytes cut out of 进 (bytes 3..6): GB18030 used to accept the rest as mojibake.
        let phrase = "推进区块链技术与实体经济深度融合".as_bytes();
        let mut damaged = phrase[..4].to_vec();
        damaged.extend_from_slice(&phrase[6..]);
        let mojibake = GB18030.decode_without_bom_handling_and_without_replacement(&damaged);
        assert!(mojibake.is_some_and(|m| !m.contains("区块链")));
        assert_eq!(both(&damaged), Err(DecodeError::DamagedUtf8 { offset: 3 }));

        // One byte cut out of the character at byte 90 (the 31st, all 3 bytes wide).
        let good = REPORT.as_bytes();
        let cut = 90;
        assert!(REPORT.is_char_boundary(cut) && good[cut] >= 0xE0);
        let mut damaged = good[..cut + 1].to_vec();
        damaged.extend_from_slice(&good[cut + 2..]);
        let err = both(&damaged).expect_err("damaged UTF-8");
        assert_eq!(err, DecodeError::DamagedUtf8 { offset: cut });
        assert_eq!(
            err.to_string(),
            "damaged UTF-8: invalid byte at offset 90 \
             (the rest of the file is UTF-8; not decoded as GB18030)"
        );

        // Several damaged spots and a file cut off inside its last character.
        let mut damaged = good.to_vec();
        damaged[3] = 0xFF;
        damaged.remove(200);
        damaged.truncate(damaged.len() - 2);
        assert_eq!(both(&damaged), Err(DecodeError::DamagedUtf8 { offset: 3 }));

        // A lone stray byte in an otherwise valid UTF-8 file.
        let mut damaged = good.to_vec();
        damaged.insert(12, 0x80);
        assert_eq!(both(&damaged), Err(DecodeError::DamagedUtf8 { offset: 12 }));
    }

    #[test]
    fn short_or_mostly_invalid_bytes_are_not_called_damaged_utf8() {
        // Too little UTF-8 to tell: falls through to GB18030 as before.
        let mut bytes = "区块链".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF]);
        assert_eq!(both(&bytes), Err(DecodeError::Undecodable { offset: 9 }));
        // Some 3-byte sequences, but not four times the invalid ones.
        let mut bytes = Vec::new();
        for _ in 0..5 {
            bytes.extend_from_slice("数据".as_bytes());
            bytes.extend_from_slice(&[0xFF, b' ', 0xFF, b' ', 0xFF, b' ']);
        }
        assert_eq!(both(&bytes), Err(DecodeError::Undecodable { offset: 6 }));
    }

    #[test]
    fn gbk_paragraphs_decode_as_gb18030() {
        // 中 is D6 D0 in GBK, itself a valid 2-byte UTF-8 sequence.
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(REPORT);
        assert!(!unmappable);
        assert_eq!(&gbk[..2], &[0xD6, 0xD0]);
        assert!(!is_mostly_utf8(&gbk));
        assert_eq!(both(&gbk), Ok((REPORT.to_owned(), TextEncoding::Gb18030)));

        // Many paragraphs, with the ASCII and digits of a real report in between.
        let long: String = (1..=40)
            .map(|i| format!("第{i}条 {REPORT}"))
            .collect::<Vec<_>>()
            .concat();
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&long);
        assert!(!unmappable);
        assert!(!is_mostly_utf8(&gbk));
        assert_eq!(both(&gbk), Ok((long, TextEncoding::Gb18030)));
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(both(b""), Err(DecodeError::Empty));
        assert_eq!(both(b" \n\t\r\n "), Err(DecodeError::Empty));
        assert_eq!(both("\u{3000}\n".as_bytes()), Err(DecodeError::Empty));
        assert_eq!(both(UTF8_BOM), Err(DecodeError::Empty));
        assert_eq!(both(UTF16LE_BOM), Err(DecodeError::Empty));
    }

    #[test]
    fn names() {
        assert_eq!(TextEncoding::Utf8Bom.name(), "utf-8-bom");
        assert_eq!(TextEncoding::Gb18030.name(), "gb18030");
        assert_eq!(TextEncoding::Utf16Be.name(), "utf-16be");
    }
}
