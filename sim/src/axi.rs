//! AXI4 and AXI4-Lite port bundles of a [`Model`]: resolve the SPEC §1 signal list under a prefix once
//! (`m_axi_` for the DUT's AXI4 master, `s_axil_` for its AXI4-Lite slave), check widths and directions,
//! and sample every signal of the bundle in one call per cycle.
//!
//! Widths come from the model: the AXI4 data width `W` is the width of `{prefix}wdata` (8..=1024 bits,
//! a multiple of 8, `wstrb` = W/8), the ID and address widths those of `awid`/`awaddr`. Data beats are
//! carried as [`DataWords`] (word j = bits [32j+31:32j], byte lane k = bits [8k+7:8k]).
//!
//! Also the burst arithmetic shared by the memory model and the monitor ([`beat_address`],
//! [`burst_span`]).

use crate::verilator::{Direction, Error, Model, PortId, Result};

/// Widest AXI4 data bus supported.
pub const MAX_DATA_BITS: u32 = 1024;
/// Words of [`DataWords`].
pub const MAX_DATA_WORDS: usize = (MAX_DATA_BITS / 32) as usize;
/// One data beat, 32-bit words, least significant first; words above the bus width are zero.
pub type DataWords = [u32; MAX_DATA_WORDS];

/// AXI burst type codes (AxBURST).
pub mod burst {
    pub const FIXED: u8 = 0b00;
    pub const INCR: u8 = 0b01;
    pub const WRAP: u8 = 0b10;
}

/// Byte `lane` of a beat.
pub fn data_byte(data: &DataWords, lane: usize) -> u8 {
    (data[lane / 4] >> (8 * (lane % 4))) as u8
}

/// Set byte `lane` of a beat.
pub fn set_data_byte(data: &mut DataWords, lane: usize, value: u8) {
    let shift = 8 * (lane % 4);
    data[lane / 4] = (data[lane / 4] & !(0xFF << shift)) | (u32::from(value) << shift);
}

/// Address of beat `index` of an INCR burst starting at `addr` with beats of `2^size` bytes: the
/// first beat is `addr` itself (possibly unaligned), later beats are size-aligned.
pub fn beat_address(addr: u64, size: u8, index: u32) -> u64 {
    if index == 0 {
        addr
    } else {
        let bytes = 1u64 << size;
        (addr & !(bytes - 1)).wrapping_add(u64::from(index) * bytes)
    }
}

/// Address of beat `index` of a burst of any type (`burst` = AxBURST; the reserved code 3 is treated
/// as INCR): FIXED repeats `addr`, WRAP wraps inside the `(len + 1) << size`-byte aligned window.
pub fn burst_beat_address(addr: u64, len: u8, size: u8, burst_type: u8, index: u32) -> u64 {
    match burst_type {
        burst::FIXED => addr,
        burst::WRAP => {
            let bytes = 1u64 << size;
            let window = (u64::from(len) + 1) * bytes;
            if !window.is_power_of_two() {
                return beat_address(addr, size, index);
            }
            let lower = addr & !(window - 1);
            let offset = ((addr & !(bytes - 1)) - lower + u64::from(index) * bytes) % window;
            lower + offset
        }
        _ => beat_address(addr, size, index),
    }
}

/// Byte range `[first, last]` (inclusive, as u128 so that a wrap past 2^64 is visible) that an INCR
/// burst of `len + 1` beats of `2^size` bytes covers, from the size-aligned start.
pub fn burst_span(addr: u64, size: u8, len: u8) -> (u128, u128) {
    let bytes = 1u128 << size;
    let aligned = u128::from(addr) & !(bytes - 1);
    (u128::from(addr), aligned + (u128::from(len) + 1) * bytes - 1)
}

/// The address channel (AW or AR) as seen at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddressBeat {
    pub valid: bool,
    pub ready: bool,
    pub id: u32,
    pub addr: u64,
    pub len: u8,
    pub size: u8,
    pub burst: u8,
    pub lock: u8,
    pub cache: u8,
    pub prot: u8,
}

/// The W channel at one rising edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteBeat {
    pub valid: bool,
    pub ready: bool,
    pub data: DataWords,
    pub strb: u128,
    pub last: bool,
}

/// The B channel at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteResponse {
    pub valid: bool,
    pub ready: bool,
    pub id: u32,
    pub resp: u8,
}

/// The R channel at one rising edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadBeat {
    pub valid: bool,
    pub ready: bool,
    pub id: u32,
    pub data: DataWords,
    pub resp: u8,
    pub last: bool,
}

impl Default for WriteBeat {
    fn default() -> WriteBeat {
        WriteBeat { valid: false, ready: false, data: [0; MAX_DATA_WORDS], strb: 0, last: false }
    }
}

impl Default for ReadBeat {
    fn default() -> ReadBeat {
        ReadBeat { valid: false, ready: false, id: 0, data: [0; MAX_DATA_WORDS], resp: 0, last: false }
    }
}

/// Every signal of an AXI4 interface at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AxiSample {
    pub aw: AddressBeat,
    pub w: WriteBeat,
    pub b: WriteResponse,
    pub ar: AddressBeat,
    pub r: ReadBeat,
}

/// Port ids of one address channel.
#[derive(Clone, Copy, Debug)]
pub struct AddressPorts {
    pub id: PortId,
    pub addr: PortId,
    pub len: PortId,
    pub size: PortId,
    pub burst: PortId,
    pub lock: PortId,
    pub cache: PortId,
    pub prot: PortId,
    pub valid: PortId,
    pub ready: PortId,
}

/// The AXI4 master interface of a DUT (SPEC §1 `m_axi_*`), resolved once.
#[derive(Clone, Debug)]
pub struct AxiPorts {
    pub prefix: String,
    pub aw: AddressPorts,
    pub wdata: PortId,
    pub wstrb: PortId,
    pub wlast: PortId,
    pub wvalid: PortId,
    pub wready: PortId,
    pub bid: PortId,
    pub bresp: PortId,
    pub bvalid: PortId,
    pub bready: PortId,
    pub ar: AddressPorts,
    pub rid: PortId,
    pub rdata: PortId,
    pub rresp: PortId,
    pub rlast: PortId,
    pub rvalid: PortId,
    pub rready: PortId,
    /// Data bus width in bits.
    pub data_bits: u32,
    /// ID width in bits.
    pub id_bits: u32,
    /// Address width in bits.
    pub addr_bits: u32,
}

/// Collects port lookups of a bundle and reports every problem at once.
struct Resolver<'a> {
    model: &'a Model,
    prefix: &'a str,
    what: &'a str,
    problems: Vec<String>,
}

impl Resolver<'_> {
    /// `signal` must exist, have `direction` (as seen from the DUT) and, if given, `width` bits.
    fn get(&mut self, signal: &str, direction: Direction, width: Option<u32>) -> PortId {
        let name = format!("{}{signal}", self.prefix);
        match self.model.port(&name) {
            Ok(id) => {
                let info = self.model.info(id);
                if info.direction != direction {
                    self.problems.push(format!("{name} is {:?}, expected {direction:?}", info.direction));
                }
                if let Some(w) = width {
                    if info.width != w {
                        self.problems.push(format!("{name} is {} bits wide, expected {w}", info.width));
                    }
                }
                id
            }
            Err(_) => {
                self.problems.push(format!("{name} missing"));
                PortId::placeholder()
            }
        }
    }

    fn error(self) -> Error {
        Error::Interface(format!(
            "module `{}` does not have a valid {} interface `{}*`: {}",
            self.model.top(),
            self.what,
            self.prefix,
            self.problems.join("; ")
        ))
    }

    fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.error())
        }
    }
}

impl AxiPorts {
    /// Resolve the AXI4 master interface `{prefix}*` of a DUT (the DUT drives AW, W, AR, BREADY, RREADY).
    pub fn resolve_master(model: &Model, prefix: &str) -> Result<AxiPorts> {
        use Direction::{Input as In, Output as Out};
        let mut r = Resolver { model, prefix, what: "AXI4 master", problems: Vec::new() };
        let wdata = r.get("wdata", Out, None);
        let awid = r.get("awid", Out, None);
        let awaddr = r.get("awaddr", Out, None);
        if !r.problems.is_empty() {
            return Err(r.error());
        }
        let data_bits = model.width(wdata);
        let id_bits = model.width(awid);
        let addr_bits = model.width(awaddr);
        if !(8..=MAX_DATA_BITS).contains(&data_bits) || !data_bits.is_power_of_two() {
            r.problems
                .push(format!("{prefix}wdata is {data_bits} bits; expected a power of two in 8..={MAX_DATA_BITS}"));
        }
        if id_bits > 32 {
            r.problems.push(format!("{prefix}awid is {id_bits} bits; at most 32 supported"));
        }
        if addr_bits > 64 {
            r.problems.push(format!("{prefix}awaddr is {addr_bits} bits; at most 64 supported"));
        }
        let (id, addr, data, strb) = (Some(id_bits), Some(addr_bits), Some(data_bits), Some(data_bits / 8));
        let channel = |r: &mut Resolver, c: &str| AddressPorts {
            id: r.get(&format!("{c}id"), Out, id),
            addr: r.get(&format!("{c}addr"), Out, addr),
            len: r.get(&format!("{c}len"), Out, Some(8)),
            size: r.get(&format!("{c}size"), Out, Some(3)),
            burst: r.get(&format!("{c}burst"), Out, Some(2)),
            lock: r.get(&format!("{c}lock"), Out, Some(1)),
            cache: r.get(&format!("{c}cache"), Out, Some(4)),
            prot: r.get(&format!("{c}prot"), Out, Some(3)),
            valid: r.get(&format!("{c}valid"), Out, Some(1)),
            ready: r.get(&format!("{c}ready"), In, Some(1)),
        };
        let aw = channel(&mut r, "aw");
        let ar = channel(&mut r, "ar");
        let ports = AxiPorts {
            prefix: prefix.to_string(),
            aw,
            wdata,
            wstrb: r.get("wstrb", Out, strb),
            wlast: r.get("wlast", Out, Some(1)),
            wvalid: r.get("wvalid", Out, Some(1)),
            wready: r.get("wready", In, Some(1)),
            bid: r.get("bid", In, id),
            bresp: r.get("bresp", In, Some(2)),
            bvalid: r.get("bvalid", In, Some(1)),
            bready: r.get("bready", Out, Some(1)),
            ar,
            rid: r.get("rid", In, id),
            rdata: r.get("rdata", In, data),
            rresp: r.get("rresp", In, Some(2)),
            rlast: r.get("rlast", In, Some(1)),
            rvalid: r.get("rvalid", In, Some(1)),
            rready: r.get("rready", Out, Some(1)),
            data_bits,
            id_bits,
            addr_bits,
        };
        r.finish()?;
        Ok(ports)
    }

    /// Bytes per data beat.
    pub fn data_bytes(&self) -> usize {
        (self.data_bits / 8) as usize
    }

    /// log2 of the bytes per beat: the only AxSIZE a full-width burst uses.
    pub fn full_size(&self) -> u8 {
        self.data_bytes().trailing_zeros() as u8
    }

    /// 32-bit words per data beat.
    pub fn data_words(&self) -> usize {
        self.data_bits.div_ceil(32) as usize
    }

    fn sample_address(model: &Model, p: &AddressPorts) -> AddressBeat {
        AddressBeat {
            valid: model.get_bool(p.valid),
            ready: model.get_bool(p.ready),
            id: model.get(p.id) as u32,
            addr: model.get(p.addr),
            len: model.get(p.len) as u8,
            size: model.get(p.size) as u8,
            burst: model.get(p.burst) as u8,
            lock: model.get(p.lock) as u8,
            cache: model.get(p.cache) as u8,
            prot: model.get(p.prot) as u8,
        }
    }

    /// Every signal of the interface, as it is now.
    pub fn sample(&self, model: &Model) -> AxiSample {
        let mut s = AxiSample {
            aw: Self::sample_address(model, &self.aw),
            ar: Self::sample_address(model, &self.ar),
            ..AxiSample::default()
        };
        let words = self.data_words();
        s.w.valid = model.get_bool(self.wvalid);
        s.w.ready = model.get_bool(self.wready);
        model.get_wide(self.wdata, &mut s.w.data[..words]);
        let mut strb = [0u32; 4];
        model.get_wide(self.wstrb, &mut strb);
        s.w.strb = strb.iter().rev().fold(0u128, |acc, w| (acc << 32) | u128::from(*w));
        s.w.last = model.get_bool(self.wlast);
        s.b = WriteResponse {
            valid: model.get_bool(self.bvalid),
            ready: model.get_bool(self.bready),
            id: model.get(self.bid) as u32,
            resp: model.get(self.bresp) as u8,
        };
        s.r.valid = model.get_bool(self.rvalid);
        s.r.ready = model.get_bool(self.rready);
        s.r.id = model.get(self.rid) as u32;
        model.get_wide(self.rdata, &mut s.r.data[..words]);
        s.r.resp = model.get(self.rresp) as u8;
        s.r.last = model.get_bool(self.rlast);
        s
    }
}

/// The AXI4-Lite address channel at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiteAddress {
    pub valid: bool,
    pub ready: bool,
    pub addr: u64,
    pub prot: u8,
}

/// The AXI4-Lite W channel at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiteWrite {
    pub valid: bool,
    pub ready: bool,
    pub data: u32,
    pub strb: u8,
}

/// The AXI4-Lite B channel at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiteResponse {
    pub valid: bool,
    pub ready: bool,
    pub resp: u8,
}

/// The AXI4-Lite R channel at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiteRead {
    pub valid: bool,
    pub ready: bool,
    pub data: u32,
    pub resp: u8,
}

/// Every signal of an AXI4-Lite interface at one rising edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AxiLiteSample {
    pub aw: LiteAddress,
    pub w: LiteWrite,
    pub b: LiteResponse,
    pub ar: LiteAddress,
    pub r: LiteRead,
}

/// The AXI4-Lite slave interface of a DUT (SPEC §1 `s_axil_*`, 32-bit data), resolved once.
#[derive(Clone, Debug)]
pub struct AxiLitePorts {
    pub prefix: String,
    pub awaddr: PortId,
    pub awprot: PortId,
    pub awvalid: PortId,
    pub awready: PortId,
    pub wdata: PortId,
    pub wstrb: PortId,
    pub wvalid: PortId,
    pub wready: PortId,
    pub bresp: PortId,
    pub bvalid: PortId,
    pub bready: PortId,
    pub araddr: PortId,
    pub arprot: PortId,
    pub arvalid: PortId,
    pub arready: PortId,
    pub rdata: PortId,
    pub rresp: PortId,
    pub rvalid: PortId,
    pub rready: PortId,
    /// Address width in bits.
    pub addr_bits: u32,
}

impl AxiLitePorts {
    /// Resolve the AXI4-Lite slave interface `{prefix}*` of a DUT (the DUT drives the READYs of AW, W,
    /// AR and the B and R channels).
    pub fn resolve_slave(model: &Model, prefix: &str) -> Result<AxiLitePorts> {
        use Direction::{Input as In, Output as Out};
        let mut r = Resolver { model, prefix, what: "AXI4-Lite slave", problems: Vec::new() };
        let awaddr = r.get("awaddr", In, None);
        if !r.problems.is_empty() {
            return Err(r.error());
        }
        let addr_bits = model.width(awaddr);
        if addr_bits > 64 {
            r.problems.push(format!("{prefix}awaddr is {addr_bits} bits; at most 64 supported"));
        }
        let addr = Some(addr_bits);
        let data = Some(spec::AXIL_DATA_BITS);
        let ports = AxiLitePorts {
            prefix: prefix.to_string(),
            awaddr,
            awprot: r.get("awprot", In, Some(3)),
            awvalid: r.get("awvalid", In, Some(1)),
            awready: r.get("awready", Out, Some(1)),
            wdata: r.get("wdata", In, data),
            wstrb: r.get("wstrb", In, Some(spec::AXIL_DATA_BITS / 8)),
            wvalid: r.get("wvalid", In, Some(1)),
            wready: r.get("wready", Out, Some(1)),
            bresp: r.get("bresp", Out, Some(2)),
            bvalid: r.get("bvalid", Out, Some(1)),
            bready: r.get("bready", In, Some(1)),
            araddr: r.get("araddr", In, addr),
            arprot: r.get("arprot", In, Some(3)),
            arvalid: r.get("arvalid", In, Some(1)),
            arready: r.get("arready", Out, Some(1)),
            rdata: r.get("rdata", Out, data),
            rresp: r.get("rresp", Out, Some(2)),
            rvalid: r.get("rvalid", Out, Some(1)),
            rready: r.get("rready", In, Some(1)),
            addr_bits,
        };
        r.finish()?;
        Ok(ports)
    }

    /// Every signal of the interface, as it is now.
    pub fn sample(&self, model: &Model) -> AxiLiteSample {
        AxiLiteSample {
            aw: LiteAddress {
                valid: model.get_bool(self.awvalid),
                ready: model.get_bool(self.awready),
                addr: model.get(self.awaddr),
                prot: model.get(self.awprot) as u8,
            },
            w: LiteWrite {
                valid: model.get_bool(self.wvalid),
                ready: model.get_bool(self.wready),
                data: model.get(self.wdata) as u32,
                strb: model.get(self.wstrb) as u8,
            },
            b: LiteResponse {
                valid: model.get_bool(self.bvalid),
                ready: model.get_bool(self.bready),
                resp: model.get(self.bresp) as u8,
            },
            ar: LiteAddress {
                valid: model.get_bool(self.arvalid),
                ready: model.get_bool(self.arready),
                addr: model.get(self.araddr),
                prot: model.get(self.arprot) as u8,
            },
            r: LiteRead {
                valid: model.get_bool(self.rvalid),
                ready: model.get_bool(self.rready),
                data: model.get(self.rdata) as u32,
                resp: model.get(self.rresp) as u8,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_beat_keeps_unaligned_address_later_beats_align() {
        assert_eq!(beat_address(0x1003, 4, 0), 0x1003);
        assert_eq!(beat_address(0x1003, 4, 1), 0x1010);
        assert_eq!(beat_address(0x1003, 4, 3), 0x1030);
    }

    #[test]
    fn fixed_and_wrap_bursts_follow_the_axi_rules() {
        assert_eq!(burst_beat_address(0x1008, 3, 3, burst::FIXED, 2), 0x1008);
        // WRAP of 4 beats of 8 bytes starting at 0x1010: 0x1010, 0x1018, 0x1000, 0x1008.
        let beats: Vec<u64> = (0..4).map(|i| burst_beat_address(0x1010, 3, 3, burst::WRAP, i)).collect();
        assert_eq!(beats, vec![0x1010, 0x1018, 0x1000, 0x1008]);
        assert_eq!(burst_beat_address(0x1010, 3, 3, burst::INCR, 3), 0x1028);
    }

    #[test]
    fn burst_span_counts_from_the_aligned_start() {
        assert_eq!(burst_span(0x0FC3, 4, 3), (0x0FC3, 0x0FFF));
        assert_eq!(burst_span(0x0FD0, 4, 3), (0x0FD0, 0x100F));
        assert_eq!(burst_span(u64::MAX - 15, 4, 1), (u128::from(u64::MAX - 15), u128::from(u64::MAX) + 16));
    }

    #[test]
    fn data_bytes_map_to_lanes() {
        let mut d = [0u32; MAX_DATA_WORDS];
        set_data_byte(&mut d, 5, 0xAB);
        assert_eq!(d[1], 0x0000_AB00);
        assert_eq!(data_byte(&d, 5), 0xAB);
        assert_eq!(data_byte(&d, 4), 0);
    }
}
