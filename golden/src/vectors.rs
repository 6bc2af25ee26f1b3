//! Known-answer vectors stored as data in `golden/vectors/*.txt`, and the
//! parser for their text format. The files are compiled in
//! (`include_str!`), so any crate (golden's tests, the simulator's tests)
//! can use them without knowing paths.
//!
//! API: [`aes_vectors`] (FIPS-197 Appendix C, with round traces),
//! [`ctr_vectors`] (SP 800-38A F.5 and the counter-wrap cases),
//! [`workload_vectors`] (the pyperformance `crypto_pyaes` job, as a
//! SHA-256 of the ciphertext), [`parse`] and [`Record`] for the raw format.
//!
//! Format (one file = a list of records):
//! ```text
//! # comment (a line whose first non-blank character is '#')
//! [record_name]
//! field = value
//! ```
//! A value is hex digits (spaces between digits are ignored), a decimal
//! number, or a `"quoted string"` taken literally. A field may repeat: for
//! byte fields the repeats are concatenated in order (one line per block is
//! the convention), for block-list fields (`counter_block`, `output_block`)
//! each line is one 16-byte block. Record names are unique within a file.

use spec::CounterWidth;
use std::fmt;

/// One of the vector files compiled into the crate.
#[derive(Clone, Copy, Debug)]
pub struct VectorFile {
    /// File name under `golden/vectors/`.
    pub name: &'static str,
    pub text: &'static str,
}

/// FIPS-197 Appendix C.1-C.3 with the full Cipher traces.
pub const FIPS197_APPENDIX_C: VectorFile =
    VectorFile { name: "fips197_appendix_c.txt", text: include_str!("../vectors/fips197_appendix_c.txt") };
/// SP 800-38A F.5.1, F.5.3, F.5.5.
pub const SP800_38A_CTR: VectorFile =
    VectorFile { name: "sp800_38a_ctr.txt", text: include_str!("../vectors/sp800_38a_ctr.txt") };
/// Counter-wrap and partial-block cases (counters by hand, ciphertexts from RustCrypto `aes`).
pub const CTR_WRAP: VectorFile = VectorFile { name: "ctr_wrap.txt", text: include_str!("../vectors/ctr_wrap.txt") };
/// The pyperformance `crypto_pyaes` workload (SHA-256 of the ciphertext).
pub const PYAES_WORKLOAD: VectorFile =
    VectorFile { name: "pyaes_workload.txt", text: include_str!("../vectors/pyaes_workload.txt") };

/// Every vector file.
pub const ALL_FILES: [VectorFile; 4] = [FIPS197_APPENDIX_C, SP800_38A_CTR, CTR_WRAP, PYAES_WORKLOAD];

/// A malformed vector file: file name, 1-based line, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VectorError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for VectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for VectorError {}

/// One `field = value` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// One `[name]` record with its fields in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub file: String,
    pub name: String,
    pub line: usize,
    pub fields: Vec<Field>,
}

/// Split a vector file into records.
pub fn parse(file: &str, text: &str) -> Result<Vec<Record>, VectorError> {
    let error = |line: usize, message: String| VectorError { file: file.to_string(), line, message };
    let mut records: Vec<Record> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| error(line, format!("record header {trimmed:?} lacks the closing ']'")))?
                .trim();
            if name.is_empty() {
                return Err(error(line, "empty record name".into()));
            }
            if let Some(earlier) = records.iter().find(|r| r.name == name) {
                return Err(error(line, format!("record [{name}] already defined on line {}", earlier.line)));
            }
            records.push(Record { file: file.to_string(), name: name.to_string(), line, fields: Vec::new() });
            continue;
        }
        let (key, value) =
            trimmed.split_once('=').ok_or_else(|| error(line, format!("expected `field = value`, got {trimmed:?}")))?;
        let record =
            records.last_mut().ok_or_else(|| error(line, "field before the first [record] header".to_string()))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(error(line, "empty field name".into()));
        }
        record.fields.push(Field { key: key.to_string(), value: value.trim().to_string(), line });
    }
    Ok(records)
}

impl Record {
    fn error(&self, line: usize, message: String) -> VectorError {
        VectorError { file: self.file.clone(), line, message: format!("[{}]: {message}", self.name) }
    }

    /// Every field called `key`, in file order.
    pub fn all(&self, key: &str) -> Vec<&Field> {
        self.fields.iter().filter(|f| f.key == key).collect()
    }

    /// The one field called `key`.
    pub fn single(&self, key: &str) -> Result<&Field, VectorError> {
        let matches = self.all(key);
        let mut matches = matches.into_iter();
        let first = matches.next().ok_or_else(|| self.error(self.line, format!("missing field `{key}`")))?;
        if let Some(second) = matches.next() {
            return Err(self.error(second.line, format!("field `{key}` given twice (first on line {})", first.line)));
        }
        Ok(first)
    }

    /// `true` when the record has at least one field called `key`.
    pub fn has(&self, key: &str) -> bool {
        !self.all(key).is_empty()
    }

    fn decode_hex(&self, field: &Field) -> Result<Vec<u8>, VectorError> {
        let digits: String = field.value.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.len().is_multiple_of(2) {
            return Err(self.error(field.line, format!("`{}` has an odd number of hex digits", field.key)));
        }
        (0..digits.len())
            .step_by(2)
            .map(|i| {
                u8::from_str_radix(&digits[i..i + 2], 16)
                    .map_err(|_| self.error(field.line, format!("`{}` is not hex: {:?}", field.key, &digits[i..i + 2])))
            })
            .collect()
    }

    /// All fields called `key`, hex-decoded and concatenated (at least one must exist).
    pub fn bytes(&self, key: &str) -> Result<Vec<u8>, VectorError> {
        let fields = self.all(key);
        if fields.is_empty() {
            return Err(self.error(self.line, format!("missing field `{key}`")));
        }
        let mut out = Vec::new();
        for field in fields {
            out.extend(self.decode_hex(field)?);
        }
        Ok(out)
    }

    fn to_block(&self, field: &Field, bytes: Vec<u8>) -> Result<[u8; 16], VectorError> {
        let length = bytes.len();
        bytes.try_into().map_err(|_| self.error(field.line, format!("`{}` must be 16 bytes, got {length}", field.key)))
    }

    /// The single field `key` as one 16-byte block.
    pub fn block(&self, key: &str) -> Result<[u8; 16], VectorError> {
        let field = self.single(key)?;
        let bytes = self.decode_hex(field)?;
        self.to_block(field, bytes)
    }

    /// Every field called `key`, each one 16-byte block (possibly none).
    pub fn blocks(&self, key: &str) -> Result<Vec<[u8; 16]>, VectorError> {
        self.all(key)
            .into_iter()
            .map(|field| self.decode_hex(field).and_then(|bytes| self.to_block(field, bytes)))
            .collect()
    }

    /// The single field `key` as a decimal number.
    pub fn number(&self, key: &str) -> Result<u64, VectorError> {
        let field = self.single(key)?;
        field.value.parse().map_err(|_| self.error(field.line, format!("`{key}` is not a decimal number")))
    }

    /// The single field `key` as a `"quoted string"`, without the quotes.
    pub fn text(&self, key: &str) -> Result<String, VectorError> {
        let field = self.single(key)?;
        field
            .value
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
            .map(str::to_string)
            .ok_or_else(|| self.error(field.line, format!("`{key}` must be a \"quoted string\"")))
    }

    /// The single field `key` (128, 64 or 32) as a counter width.
    pub fn width(&self, key: &str) -> Result<CounterWidth, VectorError> {
        let bits = self.number(key)?;
        CounterWidth::ALL.into_iter().find(|w| u64::from(w.bits()) == bits).ok_or_else(|| {
            self.error(self.single(key).map_or(self.line, |f| f.line), format!("`{key}` must be 128, 64 or 32"))
        })
    }

    /// An AES key: 16, 24 or 32 bytes.
    pub fn key(&self, key: &str) -> Result<Vec<u8>, VectorError> {
        let bytes = self.bytes(key)?;
        if ![16, 24, 32].contains(&bytes.len()) {
            return Err(self.error(self.line, format!("`{key}` must be 16, 24 or 32 bytes, got {}", bytes.len())));
        }
        Ok(bytes)
    }
}

/// One AES block known answer, with the Appendix C trace when the file has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AesVector {
    pub name: String,
    pub key: Vec<u8>,
    pub plaintext: [u8; 16],
    pub ciphertext: [u8; 16],
    /// `(label, value)` in file order, labels as FIPS-197 prints them (`round[ 1].s_box`).
    pub trace: Vec<(String, [u8; 16])>,
}

/// One CTR known answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtrVector {
    pub name: String,
    pub key: Vec<u8>,
    pub width: CounterWidth,
    pub counter0: [u8; 16],
    /// C0, C1, ... one per (possibly partial) data block, as written in the file.
    pub counter_blocks: Vec<[u8; 16]>,
    /// AES_K(Cj), when the file lists them (SP 800-38A's "Output Block"); else empty.
    pub output_blocks: Vec<[u8; 16]>,
    pub plaintext: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

/// A long job stored as a SHA-256 of its ciphertext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadVector {
    pub name: String,
    pub key: Vec<u8>,
    pub width: CounterWidth,
    pub counter0: [u8; 16],
    pub plaintext: Vec<u8>,
    pub ciphertext_sha256: [u8; 32],
    /// The first bytes of the ciphertext (for a readable failure message).
    pub ciphertext_head: Vec<u8>,
}

fn aes_vector(record: &Record) -> Result<AesVector, VectorError> {
    let trace = record
        .fields
        .iter()
        .filter(|f| f.key.starts_with("round["))
        .map(|f| record.decode_hex(f).and_then(|bytes| record.to_block(f, bytes)).map(|block| (f.key.clone(), block)))
        .collect::<Result<_, _>>()?;
    Ok(AesVector {
        name: record.name.clone(),
        key: record.key("key")?,
        plaintext: record.block("plaintext")?,
        ciphertext: record.block("ciphertext")?,
        trace,
    })
}

fn ctr_vector(record: &Record) -> Result<CtrVector, VectorError> {
    let vector = CtrVector {
        name: record.name.clone(),
        key: record.key("key")?,
        width: record.width("width")?,
        counter0: record.block("counter0")?,
        counter_blocks: record.blocks("counter_block")?,
        output_blocks: record.blocks("output_block")?,
        plaintext: record.bytes("plaintext")?,
        ciphertext: record.bytes("ciphertext")?,
    };
    let blocks = vector.plaintext.len().div_ceil(16);
    let problem = if vector.ciphertext.len() != vector.plaintext.len() {
        Some(format!("{} plaintext bytes but {} ciphertext bytes", vector.plaintext.len(), vector.ciphertext.len()))
    } else if vector.counter_blocks.len() != blocks {
        Some(format!("{blocks} data blocks but {} counter_block lines", vector.counter_blocks.len()))
    } else if !vector.output_blocks.is_empty() && vector.output_blocks.len() != blocks {
        Some(format!("{blocks} data blocks but {} output_block lines", vector.output_blocks.len()))
    } else {
        None
    };
    match problem {
        Some(message) => Err(record.error(record.line, message)),
        None => Ok(vector),
    }
}

fn workload_vector(record: &Record) -> Result<WorkloadVector, VectorError> {
    let unit = record.text("plaintext_unit")?;
    let repeat = record.number("plaintext_repeat")?;
    let plaintext = unit.repeat(repeat as usize).into_bytes();
    let length = record.number("length")?;
    if plaintext.len() as u64 != length {
        return Err(record.error(record.line, format!("plaintext is {} bytes but length = {length}", plaintext.len())));
    }
    let digest = record.bytes("ciphertext_sha256")?;
    let ciphertext_sha256 =
        digest.try_into().map_err(|_| record.error(record.line, "`ciphertext_sha256` must be 32 bytes".to_string()))?;
    Ok(WorkloadVector {
        name: record.name.clone(),
        key: record.key("key")?,
        width: record.width("width")?,
        counter0: record.block("counter0")?,
        plaintext,
        ciphertext_sha256,
        ciphertext_head: record.bytes("ciphertext_head")?,
    })
}

fn load<T>(file: VectorFile, convert: fn(&Record) -> Result<T, VectorError>) -> Result<Vec<T>, VectorError> {
    parse(file.name, file.text)?.iter().map(convert).collect()
}

/// FIPS-197 Appendix C.1, C.2, C.3.
pub fn aes_vectors() -> Result<Vec<AesVector>, VectorError> {
    load(FIPS197_APPENDIX_C, aes_vector)
}

/// SP 800-38A F.5.1/F.5.3/F.5.5 followed by the counter-wrap cases.
pub fn ctr_vectors() -> Result<Vec<CtrVector>, VectorError> {
    let mut vectors = load(SP800_38A_CTR, ctr_vector)?;
    vectors.extend(load(CTR_WRAP, ctr_vector)?);
    Ok(vectors)
}

/// The pyperformance `crypto_pyaes` workload records.
pub fn workload_vectors() -> Result<Vec<WorkloadVector>, VectorError> {
    load(PYAES_WORKLOAD, workload_vector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reports_malformed_lines_with_their_line_number() {
        let cases = [
            ("key = 00\n", 1, "field before the first [record] header"),
            ("[a]\nnot a field\n", 2, "expected `field = value`"),
            ("[a]\n[a]\n", 2, "already defined on line 1"),
            ("[a\n", 1, "lacks the closing ']'"),
        ];
        for (text, line, fragment) in cases {
            let error = parse("t.txt", text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}");
            assert!(error.message.contains(fragment), "{text:?}: {error}");
        }
    }

    #[test]
    fn record_accessors_decode_and_reject() {
        let records =
            parse("t.txt", "# c\n[r]\nx = 00 01\nx = 02\nb = 000102030405060708090a0b0c0d0e0f\nn = 7\ns = \"a b \"\nodd = 123\nw = 48\n")
                .unwrap();
        let record = &records[0];
        assert_eq!(record.bytes("x").unwrap(), vec![0, 1, 2]);
        assert_eq!(record.block("b").unwrap()[15], 0x0f);
        assert_eq!(record.number("n").unwrap(), 7);
        assert_eq!(record.text("s").unwrap(), "a b ");
        assert!(record.bytes("odd").unwrap_err().message.contains("odd number of hex digits"));
        assert!(record.single("x").unwrap_err().message.contains("given twice"));
        assert!(record.block("x").is_err());
        assert!(record.width("w").unwrap_err().message.contains("128, 64 or 32"));
        assert_eq!(record.bytes("missing").unwrap_err().to_string(), "t.txt:2: [r]: missing field `missing`");
    }

    #[test]
    fn every_vector_file_parses() {
        assert_eq!(aes_vectors().unwrap().len(), 3);
        assert!(ctr_vectors().unwrap().len() >= 3);
        assert!(!workload_vectors().unwrap().is_empty());
    }
}
