//! Completion status codes (SPEC §5).

/// A completion's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Ok = 0,
    BadOpcode = 1,
    BadKeySlot = 2,
    BadKeySize = 3,
    Unaligned = 4,
    Overlap = 5,
    Range = 6,
    ReadError = 7,
    WriteError = 8,
}

/// Code 9 is reserved; the hardware never writes it.
pub const RESERVED_CODE: u8 = 9;

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Ok,
        Status::BadOpcode,
        Status::BadKeySlot,
        Status::BadKeySize,
        Status::Unaligned,
        Status::Overlap,
        Status::Range,
        Status::ReadError,
        Status::WriteError,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<Status> {
        Status::ALL.into_iter().find(|s| *s as u8 == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::BadOpcode => "BAD_OPCODE",
            Status::BadKeySlot => "BAD_KEY_SLOT",
            Status::BadKeySize => "BAD_KEY_SIZE",
            Status::Unaligned => "UNALIGNED",
            Status::Overlap => "OVERLAP",
            Status::Range => "RANGE",
            Status::ReadError => "READ_ERROR",
            Status::WriteError => "WRITE_ERROR",
        }
    }

    /// When the hardware reports it.
    pub fn when(self) -> &'static str {
        match self {
            Status::Ok => "the job completed",
            Status::BadOpcode => "unknown opcode, reserved field or flag bit set, or counter-width code 3",
            Status::BadKeySlot => "slot >= configured slots, or slot never loaded / zeroized",
            Status::BadKeySize => "key-size code 3, or a key size this configuration lacks",
            Status::Unaligned => "src/dst not 16-byte aligned and CAPS[24] = 0",
            Status::Overlap => "src != dst and the ranges overlap",
            Status::Range => "an address range wraps past 2^64",
            Status::ReadError => "SLVERR/DECERR on a src or key read",
            Status::WriteError => "SLVERR/DECERR on a dst write",
        }
    }

    /// What the job wrote to dst.
    pub fn data_written(self) -> &'static str {
        match self {
            Status::Ok => "all `length` bytes",
            Status::ReadError | Status::WriteError => "a prefix, its length reported in the completion",
            _ => "none",
        }
    }

    pub fn is_error(self) -> bool {
        self != Status::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_dense_and_round_trip() {
        for (i, s) in Status::ALL.iter().enumerate() {
            assert_eq!(s.code() as usize, i);
            assert_eq!(Status::from_code(i as u8), Some(*s));
        }
        assert_eq!(Status::from_code(RESERVED_CODE), None);
    }
}
