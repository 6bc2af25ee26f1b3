//! Verilator bridge: build a C++ model of any Verilog file and drive it cycle by cycle.
//!
//! This is the only module of the crate with `unsafe` code (the FFI into the generated
//! shared library); everything it exports is safe.
//!
//! # How a model is built
//! 1. `verilator --cc dut.v --top-module TOP --prefix Vdut -O3 -Wno-fatal --Mdir obj -CFLAGS -fPIC [--trace]`
//! 2. the ports are read from the generated `obj/Vdut.h` (`VL_IN8(&clk,0,0);`, `VL_OUTW(&y,127,0,4);`, ...);
//! 3. a small `extern "C"` C++ shim is generated (create/destroy, eval, port table, port storage pointers,
//!    VCD trace open/dump/close, final, coverage write);
//! 4. `make -f Vdut.mk` builds the model archive; the Verilator runtime objects (`verilated.o`,
//!    `verilated_threads.o`, `verilated_vcd_c.o`) are built once per Verilator version and kept in the cache;
//! 5. `g++ -shared` links shim + model + runtime into `libdut.so` (only the `aesctr_shim_*` symbols are
//!    exported, so several models coexist in one process), which is loaded with `libloading`.
//!
//! Built models are cached under `<workspace>/target/verilator-cache` (env `AESCTR_SIM_CACHE` overrides)
//! keyed by a SHA-256 of (Verilog text, top, flags, Verilator version, shim-generator version); an entry
//! holds `libdut.so`, the generated `aesctr_shim.cpp`, `ports.txt` (direction, width, name) and
//! `verilator.log` (Verilator's warnings: it runs with `-Wno-fatal`). A build
//! happens in a private temporary directory and is published by an atomic `rename`; a lock file
//! serialises builds of the same key across threads and processes, so an unchanged model is never rebuilt
//! and concurrent test processes never see a half-written cache entry.
//!
//! # Driving
//! [`Model::port`] resolves a name once to a [`PortId`]; [`Model::set`]/[`Model::get`] move up to 64 bits,
//! [`Model::set_wide`]/[`Model::get_wide`] move 32-bit words (word j = bits [32j+31:32j]) for ports of any
//! width. Port values are read and written directly in the model's storage (no FFI call), so the cost per
//! cycle is the cost of `eval()`: a 128-bit test pipeline runs at several million cycles per second
//! (`cargo run --release -p aes-ctr-sim --bin bridge-speed`).
//!
//! Coverage: with [`Options::coverage`] the model is built with `--coverage-line --coverage-toggle`
//! (toggle points only for signals up to [`Options::coverage_max_width`] bits: control, not data paths)
//! and linked with `verilated_cov.o`; [`Model::write_coverage`] writes Verilator's `coverage.dat`,
//! read back by [`crate::coverage`].
//!
//! Clocking: [`Model::tick`] = [`Model::clock_low`] (clk=0, eval, dump) + [`Model::clock_high`] (clk=1,
//! eval, dump, `cycle += 1`). Trace times: the low phase of cycle `c` is dumped at time `10c`, the rising
//! edge at `10c + 5`.
#![allow(unsafe_code)]

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::ffi::{c_char, c_void, CStr, CString};
use std::fmt;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// Version of the shim generator and build recipe; part of every cache key.
const SHIM_VERSION: u32 = 1;
/// Name of the shared library inside a cache entry.
const LIBRARY_NAME: &str = "libdut.so";
/// Widest port the bridge accepts (bits).
pub const MAX_PORT_BITS: u32 = 4096;

/// Errors of the bridge. Tool failures carry the command line and its stderr.
#[derive(Debug)]
pub enum Error {
    /// The `verilator` executable could not be started.
    VerilatorNotFound { program: String },
    /// Another required tool (`g++`, `make`) could not be started.
    ToolNotFound { program: String, hint: &'static str },
    /// A tool ran and failed.
    ToolFailed { step: &'static str, command: String, status: String, stderr: String },
    /// A file-system operation failed.
    Io { context: String, source: std::io::Error },
    /// The generated header or the loaded library did not describe the ports as expected.
    Ports(String),
    /// [`Model::port`] was given a name the model does not have.
    UnknownPort { name: String, top: String, close: Vec<String> },
    /// The model was given a port of the wrong direction for the operation.
    Direction { name: String, expected: Direction, actual: Direction },
    /// The shared library could not be loaded or lacks a symbol.
    Load(String),
    /// A port bundle (AXI, AXI-Lite, clock, reset) is missing ports or has the wrong widths/directions.
    Interface(String),
    /// Tracing was requested from a model built without `trace`, or the VCD file could not be opened.
    Trace(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::VerilatorNotFound { program } => write!(
                f,
                "Verilator not found (tried `{program}`); install it with `apt-get install verilator` (Debian) \
                 or run the project's test command (scripts/test.sh) which installs it"
            ),
            Error::ToolNotFound { program, hint } => write!(f, "`{program}` not found; {hint}"),
            Error::ToolFailed { step, command, status, stderr } => {
                write!(f, "{step} failed ({status})\ncommand: {command}\n{stderr}")
            }
            Error::Io { context, source } => write!(f, "{context}: {source}"),
            Error::Ports(msg) => write!(f, "port table: {msg}"),
            Error::UnknownPort { name, top, close } => {
                write!(f, "module `{top}` has no port `{name}`")?;
                if close.is_empty() {
                    Ok(())
                } else {
                    write!(f, "; close names: {}", close.join(", "))
                }
            }
            Error::Direction { name, expected, actual } => {
                write!(f, "port `{name}` is an {actual:?} port, expected {expected:?}")
            }
            Error::Load(msg) => write!(f, "loading the model library: {msg}"),
            Error::Interface(msg) => write!(f, "{msg}"),
            Error::Trace(msg) => write!(f, "trace: {msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

fn io_err(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

/// How to build a model.
#[derive(Clone, Debug)]
pub struct Options {
    /// Build with `--trace` so that [`Model::open_trace`] can write a VCD file.
    pub trace: bool,
    /// Name of the clock input driven by [`Model::tick`]; `None` for a purely combinational model
    /// (then `tick`, `clock_low` and `clock_high` must not be called). Default `clk`.
    pub clock: Option<String>,
    /// The Verilator executable. Default: env `AESCTR_VERILATOR`, else `verilator` on `PATH`.
    pub verilator: Option<PathBuf>,
    /// Cache directory. Default: env `AESCTR_SIM_CACHE`, else `<workspace>/target/verilator-cache`.
    pub cache_dir: Option<PathBuf>,
    /// Extra Verilator arguments (e.g. `-GWIDTH=64` parameter overrides); part of the cache key.
    pub extra_args: Vec<String>,
    /// `OPT_FAST` for the model's C++ (Verilator's default is `-Os`); part of the cache key.
    pub cxx_opt: String,
    /// Build with line and toggle coverage so that [`Model::write_coverage`] works.
    pub coverage: bool,
    /// Widest signal that gets toggle points (`--coverage-max-width`) when `coverage` is on.
    pub coverage_max_width: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            trace: false,
            clock: Some("clk".to_string()),
            verilator: None,
            cache_dir: None,
            extra_args: Vec::new(),
            cxx_opt: "-O2".to_string(),
            coverage: false,
            coverage_max_width: 40,
        }
    }
}

impl Options {
    fn verilator_program(&self) -> PathBuf {
        if let Some(p) = &self.verilator {
            return p.clone();
        }
        match std::env::var_os("AESCTR_VERILATOR") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => PathBuf::from("verilator"),
        }
    }

    fn cache_dir(&self) -> PathBuf {
        if let Some(d) = &self.cache_dir {
            return d.clone();
        }
        match std::env::var_os("AESCTR_SIM_CACHE") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => default_cache_dir(),
        }
    }
}

/// The Verilator argument defining the preprocessor macro `name` (`+define+NAME`).
pub fn define(name: &str) -> String {
    format!("+define+{name}")
}

/// The arguments that make composite-field S-boxes simulate as their table (see
/// `spec::SIMULATE_SBOX_TABLE_MACRO`): every whole-design model is built with them.
pub fn simulate_sbox_table() -> Vec<String> {
    vec![define(spec::SIMULATE_SBOX_TABLE_MACRO)]
}

/// `<workspace>/target/verilator-cache`.
pub fn default_cache_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).join("target").join("verilator-cache")
}

/// Port direction as declared in the Verilog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
    Inout,
}

/// Description of one top-level port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortInfo {
    pub name: String,
    pub width: u32,
    pub direction: Direction,
}

impl PortInfo {
    /// Number of 32-bit words used by [`Model::set_wide`]/[`Model::get_wide`].
    pub fn words(&self) -> usize {
        self.width.div_ceil(32) as usize
    }
}

/// A resolved port of one [`Model`] (an index into its port table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PortId(usize);

impl PortId {
    /// An id that belongs to no model, used while collecting the errors of a bundle; never handed out.
    pub(crate) fn placeholder() -> PortId {
        PortId(usize::MAX)
    }
}

/// Storage class Verilator uses for a port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Storage {
    U8,
    U16,
    U32,
    U64,
    /// `VlWide<words>`: an array of 32-bit words, least significant first.
    Wide(usize),
}

impl Storage {
    fn for_width(width: u32) -> Storage {
        match width {
            0..=8 => Storage::U8,
            9..=16 => Storage::U16,
            17..=32 => Storage::U32,
            33..=64 => Storage::U64,
            w => Storage::Wide(w.div_ceil(32) as usize),
        }
    }

    fn bytes(self) -> usize {
        match self {
            Storage::U8 => 1,
            Storage::U16 => 2,
            Storage::U32 => 4,
            Storage::U64 => 8,
            Storage::Wide(n) => 4 * n,
        }
    }
}

struct Port {
    info: PortInfo,
    storage: Storage,
    ptr: *mut c_void,
    /// Mask of the valid bits of the top word (for `Wide`) or of the value (otherwise).
    mask: u64,
}

type FnCount = unsafe extern "C" fn() -> u32;
type FnPortName = unsafe extern "C" fn(u32) -> *const c_char;
type FnPortU32 = unsafe extern "C" fn(u32) -> u32;
type FnNew = unsafe extern "C" fn(i32) -> *mut c_void;
type FnHandle = unsafe extern "C" fn(*mut c_void);
type FnHandleU32 = unsafe extern "C" fn(*mut c_void) -> u32;
type FnPortPtr = unsafe extern "C" fn(*mut c_void, u32) -> *mut c_void;
type FnEval = unsafe extern "C" fn(*mut c_void, u64);
type FnTraceOpen = unsafe extern "C" fn(*mut c_void, *const c_char) -> i32;
type FnTraceDump = unsafe extern "C" fn(*mut c_void, u64);
type FnCoverageWrite = unsafe extern "C" fn(*mut c_void, *const c_char);

struct Shim {
    delete: FnHandle,
    eval: FnEval,
    finish: FnHandle,
    got_finish: FnHandleU32,
    trace_open: FnTraceOpen,
    trace_dump: FnTraceDump,
    trace_close: FnHandle,
    /// Present in models built with coverage.
    coverage_write: Option<FnCoverageWrite>,
}

/// A loaded, running Verilator model. Not `Send`: a model lives on the thread that built it.
pub struct Model {
    handle: *mut c_void,
    shim: Shim,
    ports: Vec<Port>,
    by_name: HashMap<String, usize>,
    top: String,
    clock: Option<usize>,
    cycle: u64,
    trace_built: bool,
    tracing: bool,
    library_path: PathBuf,
    // Dropped last: the code of every function pointer above lives in it.
    _library: libloading::Library,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("top", &self.top)
            .field("ports", &self.ports.len())
            .field("cycle", &self.cycle)
            .field("library", &self.library_path)
            .finish()
    }
}

/// Result of [`Model::build`] bookkeeping, for tests and diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildInfo {
    /// The cache entry holding the shared library.
    pub directory: PathBuf,
    /// `true` when this call compiled the model, `false` when it came from the cache.
    pub built: bool,
}

impl Model {
    /// Build (or fetch from the cache) and load the model of `top` in the Verilog file `verilog`.
    pub fn build(verilog: &Path, top: &str, options: &Options) -> Result<Model> {
        let text = fs::read_to_string(verilog).map_err(io_err(format!("reading {}", verilog.display())))?;
        Model::build_source(&text, top, options)
    }

    /// Build (or fetch from the cache) and load the model of `top` in the Verilog source `text`.
    pub fn build_source(text: &str, top: &str, options: &Options) -> Result<Model> {
        let info = build_library(text, top, options)?;
        Model::load(&info.directory.join(LIBRARY_NAME), top, options)
    }

    /// Like [`Model::build_source`], also telling whether the model was compiled or came from the cache.
    pub fn build_source_with_info(text: &str, top: &str, options: &Options) -> Result<(Model, BuildInfo)> {
        let info = build_library(text, top, options)?;
        let model = Model::load(&info.directory.join(LIBRARY_NAME), top, options)?;
        Ok((model, info))
    }

    fn load(path: &Path, top: &str, options: &Options) -> Result<Model> {
        // SAFETY: the library was produced by this module from generated code; its initialisers only
        // set up the Verilator runtime's statics.
        let library =
            unsafe { libloading::Library::new(path) }.map_err(|e| Error::Load(format!("{}: {e}", path.display())))?;
        fn sym<T: Copy>(library: &libloading::Library, name: &str) -> Result<T> {
            // SAFETY: the symbol types match the shim generated by `shim_source` (same SHIM_VERSION).
            unsafe { library.get::<T>(name.as_bytes()) }
                .map(|s| *s)
                .map_err(|e| Error::Load(format!("symbol {name}: {e}")))
        }
        let version: FnCount = sym(&library, "aesctr_shim_version")?;
        // SAFETY: no arguments, returns a constant.
        let got_version = unsafe { version() };
        if got_version != SHIM_VERSION {
            return Err(Error::Load(format!(
                "{} has shim version {got_version}, expected {SHIM_VERSION}",
                path.display()
            )));
        }
        let port_count: FnCount = sym(&library, "aesctr_shim_port_count")?;
        let port_name: FnPortName = sym(&library, "aesctr_shim_port_name")?;
        let port_width: FnPortU32 = sym(&library, "aesctr_shim_port_width")?;
        let port_dir: FnPortU32 = sym(&library, "aesctr_shim_port_dir")?;
        let port_bytes: FnPortU32 = sym(&library, "aesctr_shim_port_bytes")?;
        let new: FnNew = sym(&library, "aesctr_shim_new")?;
        let port_ptr: FnPortPtr = sym(&library, "aesctr_shim_port_ptr")?;
        let shim = Shim {
            delete: sym(&library, "aesctr_shim_delete")?,
            eval: sym(&library, "aesctr_shim_eval")?,
            finish: sym(&library, "aesctr_shim_final")?,
            got_finish: sym(&library, "aesctr_shim_got_finish")?,
            trace_open: sym(&library, "aesctr_shim_trace_open")?,
            trace_dump: sym(&library, "aesctr_shim_trace_dump")?,
            trace_close: sym(&library, "aesctr_shim_trace_close")?,
            coverage_write: if options.coverage { Some(sym(&library, "aesctr_shim_coverage_write")?) } else { None },
        };
        // SAFETY: creates a fresh VerilatedContext + model; null only on allocation failure.
        let handle = unsafe { new(i32::from(options.trace)) };
        if handle.is_null() {
            return Err(Error::Load("model construction failed".into()));
        }
        let mut model = Model {
            handle,
            shim,
            ports: Vec::new(),
            by_name: HashMap::new(),
            top: top.to_string(),
            clock: None,
            cycle: 0,
            trace_built: options.trace,
            tracing: false,
            library_path: path.to_path_buf(),
            _library: library,
        };
        // SAFETY: indices are below port_count; the name is a static NUL-terminated string in the shim.
        let count = unsafe { port_count() };
        for index in 0..count {
            let (name, width, dir, bytes, ptr) = unsafe {
                let name = CStr::from_ptr(port_name(index)).to_string_lossy().into_owned();
                (name, port_width(index), port_dir(index), port_bytes(index), port_ptr(handle, index))
            };
            let direction = match dir {
                0 => Direction::Input,
                1 => Direction::Output,
                _ => Direction::Inout,
            };
            if width == 0 || width > MAX_PORT_BITS {
                return Err(Error::Ports(format!("port {name} has width {width}")));
            }
            let storage = Storage::for_width(width);
            if storage.bytes() != bytes as usize || ptr.is_null() {
                return Err(Error::Ports(format!(
                    "port {name}: {width} bits stored in {bytes} bytes, expected {}",
                    storage.bytes()
                )));
            }
            let top_bits = match storage {
                Storage::Wide(_) => (width - 1) % 32 + 1,
                _ => width,
            };
            let mask = if top_bits >= 64 { u64::MAX } else { (1u64 << top_bits) - 1 };
            model.by_name.insert(name.clone(), model.ports.len());
            model.ports.push(Port { info: PortInfo { name, width, direction }, storage, ptr, mask });
        }
        if let Some(clock) = &options.clock {
            let id = model.input(clock)?;
            model.clock = Some(id.0);
        }
        model.eval();
        Ok(model)
    }

    /// The top module's name.
    pub fn top(&self) -> &str {
        &self.top
    }

    /// All ports, in the order of the generated header.
    pub fn ports(&self) -> impl Iterator<Item = &PortInfo> {
        self.ports.iter().map(|p| &p.info)
    }

    /// Resolve a port by name. An unknown name is an error listing the closest names.
    pub fn port(&self, name: &str) -> Result<PortId> {
        match self.by_name.get(name) {
            Some(&i) => Ok(PortId(i)),
            None => Err(Error::UnknownPort {
                name: name.to_string(),
                top: self.top.clone(),
                close: close_names(name, self.by_name.keys().map(String::as_str)),
            }),
        }
    }

    /// `true` when the model has a port called `name`.
    pub fn has_port(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Resolve a port that must be an input.
    pub fn input(&self, name: &str) -> Result<PortId> {
        let id = self.port(name)?;
        let actual = self.ports[id.0].info.direction;
        if actual == Direction::Output {
            return Err(Error::Direction { name: name.to_string(), expected: Direction::Input, actual });
        }
        Ok(id)
    }

    /// Resolve a port that must be an output.
    pub fn output(&self, name: &str) -> Result<PortId> {
        let id = self.port(name)?;
        let actual = self.ports[id.0].info.direction;
        if actual == Direction::Input {
            return Err(Error::Direction { name: name.to_string(), expected: Direction::Output, actual });
        }
        Ok(id)
    }

    /// Description of a resolved port.
    pub fn info(&self, port: PortId) -> &PortInfo {
        &self.ports[port.0].info
    }

    /// Width in bits of a resolved port.
    pub fn width(&self, port: PortId) -> u32 {
        self.ports[port.0].info.width
    }

    /// Drive the low 64 bits of a port (bits above the port's width are dropped; words above 64 bits of
    /// a wide port are cleared). Writing an output port has no lasting effect: `eval` overwrites it.
    #[inline]
    pub fn set(&mut self, port: PortId, value: u64) {
        let p = &self.ports[port.0];
        // SAFETY: `ptr` points at this port's storage inside the live model, of the class `storage`
        // (checked against sizeof at load time); the model is single-threaded and not evaluating now.
        unsafe {
            match p.storage {
                Storage::U8 => *(p.ptr as *mut u8) = (value & p.mask) as u8,
                Storage::U16 => *(p.ptr as *mut u16) = (value & p.mask) as u16,
                Storage::U32 => *(p.ptr as *mut u32) = (value & p.mask) as u32,
                Storage::U64 => *(p.ptr as *mut u64) = value & p.mask,
                Storage::Wide(n) => {
                    let words = std::slice::from_raw_parts_mut(p.ptr as *mut u32, n);
                    words[0] = value as u32;
                    words[1] = (value >> 32) as u32;
                    for w in &mut words[2..] {
                        *w = 0;
                    }
                    words[n - 1] &= p.mask as u32;
                }
            }
        }
    }

    /// Read the low 64 bits of a port.
    #[inline]
    pub fn get(&self, port: PortId) -> u64 {
        let p = &self.ports[port.0];
        // SAFETY: as in `set`.
        unsafe {
            match p.storage {
                Storage::U8 => u64::from(*(p.ptr as *const u8)),
                Storage::U16 => u64::from(*(p.ptr as *const u16)),
                Storage::U32 => u64::from(*(p.ptr as *const u32)),
                Storage::U64 => *(p.ptr as *const u64),
                Storage::Wide(_) => {
                    let words = p.ptr as *const u32;
                    u64::from(*words) | (u64::from(*words.add(1)) << 32)
                }
            }
        }
    }

    /// `get(port) != 0`, for 1-bit ports.
    #[inline]
    pub fn get_bool(&self, port: PortId) -> bool {
        self.get(port) != 0
    }

    /// Drive a port of any width from 32-bit words (word j = bits [32j+31:32j]); missing words are
    /// zero, extra words and bits above the port's width are ignored.
    #[inline]
    pub fn set_wide(&mut self, port: PortId, words: &[u32]) {
        let p = &self.ports[port.0];
        match p.storage {
            Storage::Wide(n) => {
                // SAFETY: as in `set`; the storage is `n` consecutive u32 words.
                let dst = unsafe { std::slice::from_raw_parts_mut(p.ptr as *mut u32, n) };
                for (j, w) in dst.iter_mut().enumerate() {
                    *w = words.get(j).copied().unwrap_or(0);
                }
                dst[n - 1] &= p.mask as u32;
            }
            _ => {
                let lo = u64::from(words.first().copied().unwrap_or(0));
                let hi = u64::from(words.get(1).copied().unwrap_or(0));
                self.set(port, lo | (hi << 32));
            }
        }
    }

    /// Read a port of any width into 32-bit words (word j = bits [32j+31:32j]). Words of `out` beyond
    /// the port's width are set to zero; a short `out` receives the low words only.
    #[inline]
    pub fn get_wide(&self, port: PortId, out: &mut [u32]) {
        let p = &self.ports[port.0];
        match p.storage {
            Storage::Wide(n) => {
                // SAFETY: as in `set_wide`.
                let src = unsafe { std::slice::from_raw_parts(p.ptr as *const u32, n) };
                for (j, w) in out.iter_mut().enumerate() {
                    *w = src.get(j).copied().unwrap_or(0);
                }
            }
            _ => {
                let v = self.get(port);
                for (j, w) in out.iter_mut().enumerate() {
                    *w = match j {
                        0 => v as u32,
                        1 => (v >> 32) as u32,
                        _ => 0,
                    };
                }
            }
        }
    }

    /// Evaluate the model (settle combinational logic and clocked processes for the current inputs).
    #[inline]
    pub fn eval(&mut self) {
        // SAFETY: `handle` is the live model created in `load`.
        unsafe { (self.shim.eval)(self.handle, self.cycle * 10) }
    }

    fn clock_port(&self) -> PortId {
        match self.clock {
            Some(i) => PortId(i),
            None => panic!("Model::tick on `{}` built with Options::clock = None", self.top),
        }
    }

    /// First half of a cycle: clock low, eval, trace dump at time `10*cycle`. After this every output
    /// shows the value the next rising edge will see.
    #[inline]
    pub fn clock_low(&mut self) {
        let clk = self.clock_port();
        self.set(clk, 0);
        self.eval();
        if self.tracing {
            // SAFETY: tracing implies an open VCD file on the live model.
            unsafe { (self.shim.trace_dump)(self.handle, self.cycle * 10) }
        }
    }

    /// Second half of a cycle: clock high (the rising edge), eval, trace dump at `10*cycle + 5`, and
    /// count the cycle.
    #[inline]
    pub fn clock_high(&mut self) {
        let clk = self.clock_port();
        self.set(clk, 1);
        self.eval();
        if self.tracing {
            // SAFETY: as in `clock_low`.
            unsafe { (self.shim.trace_dump)(self.handle, self.cycle * 10 + 5) }
        }
        self.cycle += 1;
    }

    /// One clock cycle: [`Model::clock_low`] then [`Model::clock_high`].
    #[inline]
    pub fn tick(&mut self) {
        self.clock_low();
        self.clock_high();
    }

    /// Number of rising edges applied so far.
    pub fn cycle(&self) -> u64 {
        self.cycle
    }

    /// `true` once the Verilog executed `$finish` (or `$stop`, or an error).
    pub fn finished(&self) -> bool {
        // SAFETY: `handle` is live.
        unsafe { (self.shim.got_finish)(self.handle) != 0 }
    }

    /// Start writing a VCD trace to `path` (the model must have been built with `Options::trace`).
    pub fn open_trace(&mut self, path: &Path) -> Result<()> {
        if !self.trace_built {
            return Err(Error::Trace(format!("model `{}` was built without Options::trace", self.top)));
        }
        self.close_trace();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io_err(format!("creating {}", parent.display())))?;
        }
        let c_path = CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| Error::Trace(format!("path {} contains NUL", path.display())))?;
        // SAFETY: `handle` is live, `c_path` is NUL-terminated and outlives the call.
        let ok = unsafe { (self.shim.trace_open)(self.handle, c_path.as_ptr()) };
        if ok == 0 {
            return Err(Error::Trace(format!("could not open {}", path.display())));
        }
        self.tracing = true;
        Ok(())
    }

    /// Flush and close the VCD trace, if one is open.
    pub fn close_trace(&mut self) {
        if self.tracing {
            // SAFETY: `handle` is live; closing an open trace.
            unsafe { (self.shim.trace_close)(self.handle) }
            self.tracing = false;
        }
    }

    /// Write the coverage counts so far to `path` (Verilator's `coverage.dat` format; the model must
    /// have been built with [`Options::coverage`]).
    pub fn write_coverage(&mut self, path: &Path) -> Result<()> {
        let Some(write) = self.shim.coverage_write else {
            return Err(Error::Trace(format!("model `{}` was built without Options::coverage", self.top)));
        };
        let c_path = CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| Error::Trace(format!("coverage path {} contains NUL", path.display())))?;
        // SAFETY: `handle` is live; the shim copies the path before returning.
        unsafe { write(self.handle, c_path.as_ptr()) };
        if path.exists() {
            Ok(())
        } else {
            Err(Error::Trace(format!("Verilator wrote no coverage file at {}", path.display())))
        }
    }

    /// `true` while a VCD trace is being written.
    pub fn is_tracing(&self) -> bool {
        self.tracing
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        self.close_trace();
        // SAFETY: `handle` is live and dropped exactly once; the library is still loaded.
        unsafe {
            (self.shim.finish)(self.handle);
            (self.shim.delete)(self.handle);
        }
    }
}

/// Up to five names within a small edit distance of `name` (or containing it), closest first.
fn close_names<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let d = edit_distance(&lower, &c.to_ascii_lowercase());
            let contains = c.contains(name) || (!c.is_empty() && name.contains(c));
            if d <= 3.max(name.len() / 3) || contains {
                Some((if contains { d.min(2) } else { d }, c))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, c)| c.to_string()).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j])).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

// ------------------------------------------------------------------------------------------------
// Building
// ------------------------------------------------------------------------------------------------

/// One port as declared in `Vdut.h`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeaderPort {
    /// C++ member name (Verilator-mangled).
    member: String,
    /// Verilog name (demangled).
    name: String,
    width: u32,
    direction: Direction,
}

/// Parse the `VL_IN8(&clk,0,0);` ... lines of a Verilator 5 model header.
fn parse_header_ports(header: &str) -> Result<Vec<HeaderPort>> {
    let mut ports = Vec::new();
    for line in header.lines() {
        let line = line.trim();
        let Some(open) = line.find('(') else { continue };
        let macro_name = &line[..open];
        let direction = if macro_name.starts_with("VL_INOUT") {
            Direction::Inout
        } else if macro_name.starts_with("VL_IN") {
            Direction::Input
        } else if macro_name.starts_with("VL_OUT") {
            Direction::Output
        } else {
            continue;
        };
        let Some(close) = line.rfind(')') else {
            return Err(Error::Ports(format!("cannot parse `{line}`")));
        };
        let args: Vec<&str> = line[open + 1..close].split(',').map(str::trim).collect();
        let parse = |s: &str| s.parse::<u32>().map_err(|_| Error::Ports(format!("cannot parse `{line}`")));
        if args.len() < 3 {
            return Err(Error::Ports(format!("cannot parse `{line}`")));
        }
        let member = args[0].trim_start_matches('&').to_string();
        let (msb, lsb) = (parse(args[1])?, parse(args[2])?);
        let width = msb.max(lsb) - msb.min(lsb) + 1;
        ports.push(HeaderPort { name: demangle(&member), member, width, direction });
    }
    if ports.is_empty() {
        return Err(Error::Ports("no VL_IN*/VL_OUT* declarations in Vdut.h".into()));
    }
    Ok(ports)
}

/// Undo Verilator's `__0XX` hex escaping of characters that are not legal in C++ names.
fn demangle(member: &str) -> String {
    let bytes = member.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"__0") && i + 5 <= bytes.len() {
            if let Ok(v) = u8::from_str_radix(&member[i + 3..i + 5], 16) {
                out.push(v as char);
                i += 5;
                continue;
            }
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    out
}

fn c_string_literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\x{:02x}", c as u32 & 0xFF)),
        }
    }
    out.push('"');
    out
}

/// The `extern "C"` shim for a model with these ports.
fn shim_source(ports: &[HeaderPort], trace: bool, coverage: bool) -> String {
    let mut s = String::new();
    s.push_str("// Generated by aes-ctr-sim's Verilator bridge. Do not edit.\n");
    s.push_str("#include \"Vdut.h\"\n#include \"verilated.h\"\n#include <cstdint>\n");
    if trace {
        s.push_str("#include \"verilated_vcd_c.h\"\n");
    }
    if coverage {
        s.push_str("#include \"verilated_cov.h\"\n");
    }
    s.push_str("namespace {\nstruct Shim {\n  VerilatedContext* ctx;\n  Vdut* top;\n");
    if trace {
        s.push_str("  VerilatedVcdC* vcd;\n");
    }
    s.push_str("};\n");
    let names: Vec<String> = ports.iter().map(|p| c_string_literal(&p.name)).collect();
    let widths: Vec<String> = ports.iter().map(|p| p.width.to_string()).collect();
    let dirs: Vec<&str> = ports
        .iter()
        .map(|p| match p.direction {
            Direction::Input => "0",
            Direction::Output => "1",
            Direction::Inout => "2",
        })
        .collect();
    s.push_str(&format!("const char* const kNames[] = {{{}}};\n", names.join(", ")));
    s.push_str(&format!("const uint32_t kWidths[] = {{{}}};\n", widths.join(", ")));
    s.push_str(&format!("const uint32_t kDirs[] = {{{}}};\n", dirs.join(", ")));
    s.push_str(&format!("const uint32_t kCount = {};\n}}  // namespace\n\nextern \"C\" {{\n", ports.len()));
    s.push_str(&format!("uint32_t aesctr_shim_version() {{ return {SHIM_VERSION}; }}\n"));
    s.push_str("uint32_t aesctr_shim_port_count() { return kCount; }\n");
    s.push_str("const char* aesctr_shim_port_name(uint32_t i) { return i < kCount ? kNames[i] : \"\"; }\n");
    s.push_str("uint32_t aesctr_shim_port_width(uint32_t i) { return i < kCount ? kWidths[i] : 0; }\n");
    s.push_str("uint32_t aesctr_shim_port_dir(uint32_t i) { return i < kCount ? kDirs[i] : 0; }\n");
    s.push_str("void* aesctr_shim_new(int trace) {\n  Shim* s = new Shim();\n  s->ctx = new VerilatedContext();\n");
    s.push_str("  s->ctx->fatalOnError(false);\n");
    if trace {
        s.push_str("  s->vcd = nullptr;\n  if (trace) s->ctx->traceEverOn(true);\n");
    } else {
        s.push_str("  (void)trace;\n");
    }
    s.push_str("  Verilated::threadContextp(s->ctx);\n  s->top = new Vdut(s->ctx, \"TOP\");\n  return s;\n}\n");
    s.push_str("void aesctr_shim_delete(void* h) {\n  Shim* s = static_cast<Shim*>(h);\n");
    if trace {
        s.push_str("  if (s->vcd) { s->vcd->close(); delete s->vcd; }\n");
    }
    s.push_str("  delete s->top;\n  delete s->ctx;\n  delete s;\n}\n");
    s.push_str("void* aesctr_shim_port_ptr(void* h, uint32_t i) {\n  Vdut* t = static_cast<Shim*>(h)->top;\n");
    s.push_str("  switch (i) {\n");
    for (i, p) in ports.iter().enumerate() {
        s.push_str(&format!("    case {i}: return static_cast<void*>(&t->{});\n", p.member));
    }
    s.push_str("    default: return nullptr;\n  }\n}\n");
    s.push_str("uint32_t aesctr_shim_port_bytes(uint32_t i) {\n  switch (i) {\n");
    for (i, p) in ports.iter().enumerate() {
        s.push_str(&format!("    case {i}: return sizeof(static_cast<Vdut*>(nullptr)->{});\n", p.member));
    }
    s.push_str("    default: return 0;\n  }\n}\n");
    s.push_str(
        "void aesctr_shim_eval(void* h, uint64_t time) {\n  Shim* s = static_cast<Shim*>(h);\n  \
         Verilated::threadContextp(s->ctx);\n  s->ctx->time(time);\n  s->top->eval();\n}\n",
    );
    s.push_str("void aesctr_shim_final(void* h) { static_cast<Shim*>(h)->top->final(); }\n");
    s.push_str(
        "uint32_t aesctr_shim_got_finish(void* h) { return static_cast<Shim*>(h)->ctx->gotFinish() ? 1 : 0; }\n",
    );
    if trace {
        s.push_str(
            "int aesctr_shim_trace_open(void* h, const char* path) {\n  Shim* s = static_cast<Shim*>(h);\n  \
             if (s->vcd) { s->vcd->close(); delete s->vcd; }\n  s->vcd = new VerilatedVcdC();\n  \
             s->top->trace(s->vcd, 99);\n  s->vcd->open(path);\n  if (!s->vcd->isOpen()) { delete s->vcd; \
             s->vcd = nullptr; return 0; }\n  return 1;\n}\n",
        );
        s.push_str(
            "void aesctr_shim_trace_dump(void* h, uint64_t time) {\n  Shim* s = static_cast<Shim*>(h);\n  \
             if (s->vcd) s->vcd->dump(time);\n}\n",
        );
        s.push_str(
            "void aesctr_shim_trace_close(void* h) {\n  Shim* s = static_cast<Shim*>(h);\n  \
             if (s->vcd) { s->vcd->close(); delete s->vcd; s->vcd = nullptr; }\n}\n",
        );
    } else {
        s.push_str("int aesctr_shim_trace_open(void*, const char*) { return 0; }\n");
        s.push_str("void aesctr_shim_trace_dump(void*, uint64_t) {}\n");
        s.push_str("void aesctr_shim_trace_close(void*) {}\n");
    }
    if coverage {
        s.push_str(
            "void aesctr_shim_coverage_write(void* h, const char* path) {\n  \
             static_cast<Shim*>(h)->ctx->coveragep()->write(path);\n}\n",
        );
    }
    s.push_str("}  // extern \"C\"\n");
    s
}

fn command_line(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Run `cmd`; a missing program maps to `not_found`, a failure to `Error::ToolFailed` with stderr.
fn run(step: &'static str, cmd: &mut Command, not_found: impl FnOnce() -> Error) -> Result<Output> {
    let line = command_line(cmd);
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_found()),
        Err(e) => return Err(Error::Io { context: format!("starting `{line}`"), source: e }),
    };
    if !output.status.success() {
        let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !stdout.trim().is_empty() {
            stderr.push_str("\n--- stdout ---\n");
            stderr.push_str(&stdout);
        }
        return Err(Error::ToolFailed { step, command: line, status: output.status.to_string(), stderr });
    }
    Ok(output)
}

fn cxx_program() -> String {
    std::env::var("CXX").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| "g++".to_string())
}

fn cxx_not_found() -> Error {
    Error::ToolNotFound { program: cxx_program(), hint: "install a C++ compiler with `apt-get install g++`" }
}

fn make_not_found() -> Error {
    Error::ToolNotFound { program: "make".into(), hint: "install it with `apt-get install make`" }
}

/// Facts about one Verilator installation, asked once per process and program path.
#[derive(Clone, Debug)]
struct Toolchain {
    verilator: PathBuf,
    version: String,
    include: PathBuf,
}

fn toolchain(options: &Options) -> Result<Toolchain> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Toolchain>>> = OnceLock::new();
    let program = options.verilator_program();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(t) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&program) {
        return Ok(t.clone());
    }
    let not_found = || Error::VerilatorNotFound { program: program.display().to_string() };
    let version = run("verilator --version", Command::new(&program).arg("--version"), not_found)?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let root = run("verilator --getenv", Command::new(&program).args(["--getenv", "VERILATOR_ROOT"]), not_found)?;
    let root = PathBuf::from(String::from_utf8_lossy(&root.stdout).trim());
    let include = root.join("include");
    if !include.join("verilated.h").exists() {
        return Err(Error::Ports(format!("Verilator runtime not found: {} has no verilated.h", include.display())));
    }
    let t = Toolchain { verilator: program.clone(), version, include };
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(program, t.clone());
    Ok(t)
}

fn hex_digest(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    hex::encode(&h.finalize()[..12])
}

/// A unique scratch directory name inside `cache/tmp`.
fn scratch_dir(cache: &Path, key: &str) -> Result<PathBuf> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let dir = cache.join("tmp").join(format!("{key}-{}-{n}-{nanos}", std::process::id()));
    fs::create_dir_all(&dir).map_err(io_err(format!("creating {}", dir.display())))?;
    Ok(dir)
}

/// Hold an exclusive lock on `cache/locks/<key>.lock` for the life of the returned file.
fn lock(cache: &Path, key: &str) -> Result<fs::File> {
    let dir = cache.join("locks");
    fs::create_dir_all(&dir).map_err(io_err(format!("creating {}", dir.display())))?;
    let path = dir.join(format!("{key}.lock"));
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err(format!("opening {}", path.display())))?;
    file.lock().map_err(io_err(format!("locking {}", path.display())))?;
    Ok(file)
}

/// Publish `staged` as `final_dir` atomically; if another builder got there first keep theirs.
fn publish(staged: &Path, final_dir: &Path) -> Result<()> {
    match fs::rename(staged, final_dir) {
        Ok(()) => Ok(()),
        Err(_) if final_dir.join(".complete").exists() => {
            let _ = fs::remove_dir_all(staged);
            Ok(())
        }
        Err(e) => Err(Error::Io { context: format!("publishing {}", final_dir.display()), source: e }),
    }
}

const RUNTIME_OBJECTS: [&str; 3] = ["verilated.o", "verilated_threads.o", "verilated_vcd_c.o"];
/// The coverage runtime, built only for models with coverage (its own cache entry).
const COVERAGE_RUNTIME_OBJECTS: [&str; 1] = ["verilated_cov.o"];

/// The Verilator runtime objects, built once per Verilator version with the makefile of `obj_dir`.
fn runtime_dir(cache: &Path, tools: &Toolchain, obj_dir: &Path, objects: &[&str]) -> Result<PathBuf> {
    let name = if objects == RUNTIME_OBJECTS { "runtime" } else { "runtime-coverage" };
    let key = format!(
        "{name}-{}",
        hex_digest(&[tools.version.as_bytes(), tools.include.as_os_str().as_encoded_bytes(), &[SHIM_VERSION as u8]])
    );
    let final_dir = cache.join(&key);
    if final_dir.join(".complete").exists() {
        return Ok(final_dir);
    }
    let _lock = lock(cache, &key)?;
    if final_dir.join(".complete").exists() {
        return Ok(final_dir);
    }
    let mut make = Command::new("make");
    make.arg("-C").arg(obj_dir).args(["-f", "Vdut.mk", "-j", &jobs().to_string()]).args(objects);
    run("building the Verilator runtime (make)", &mut make, make_not_found)?;
    let staged = scratch_dir(cache, &key)?;
    for o in objects {
        fs::copy(obj_dir.join(o), staged.join(o)).map_err(io_err(format!("copying {o}")))?;
        // Leave nothing the model's own make could mistake for up to date with other flags.
        let _ = fs::remove_file(obj_dir.join(o));
    }
    fs::write(staged.join(".complete"), tools.version.as_bytes()).map_err(io_err("writing runtime marker"))?;
    publish(&staged, &final_dir)?;
    Ok(final_dir)
}

fn jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8)
}

/// Build (or find) the shared library; returns its cache entry.
fn build_library(text: &str, top: &str, options: &Options) -> Result<BuildInfo> {
    if top.is_empty() || !top.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Error::Ports(format!("invalid top module name `{top}`")));
    }
    let tools = toolchain(options)?;
    let cache = options.cache_dir();
    fs::create_dir_all(&cache).map_err(io_err(format!("creating cache {}", cache.display())))?;
    let mut flags =
        format!("trace={} args={:?} opt={} cxx={}", options.trace, options.extra_args, options.cxx_opt, cxx_program());
    if options.coverage {
        // Only then, so that the keys of models without coverage stay what they were.
        flags.push_str(&format!(" coverage max-width={}", options.coverage_max_width));
    }
    let key = format!(
        "{top}-{}",
        hex_digest(&[
            &SHIM_VERSION.to_le_bytes(),
            text.as_bytes(),
            top.as_bytes(),
            flags.as_bytes(),
            tools.version.as_bytes(),
        ])
    );
    let final_dir = cache.join(&key);
    if final_dir.join(".complete").exists() {
        return Ok(BuildInfo { directory: final_dir, built: false });
    }
    let _lock = lock(&cache, &key)?;
    if final_dir.join(".complete").exists() {
        return Ok(BuildInfo { directory: final_dir, built: false });
    }
    let scratch = scratch_dir(&cache, &key)?;
    let result = build_in(&scratch, text, top, options, &tools, &cache, &final_dir);
    let _ = fs::remove_dir_all(&scratch);
    result?;
    Ok(BuildInfo { directory: final_dir, built: true })
}

fn build_in(
    scratch: &Path,
    text: &str,
    top: &str,
    options: &Options,
    tools: &Toolchain,
    cache: &Path,
    final_dir: &Path,
) -> Result<()> {
    let source = scratch.join("dut.v");
    fs::write(&source, text).map_err(io_err(format!("writing {}", source.display())))?;
    let obj = scratch.join("obj");
    let mut verilate = Command::new(&tools.verilator);
    verilate
        .current_dir(scratch)
        .args(["--cc", "dut.v", "--top-module", top, "--prefix", "Vdut", "-O3", "-Wno-fatal", "--Mdir"])
        .arg(&obj)
        .args(["-CFLAGS", "-fPIC"]);
    if options.trace {
        verilate.arg("--trace");
    }
    if options.coverage {
        verilate
            .args(["--coverage-line", "--coverage-toggle", "--coverage-max-width"])
            .arg(options.coverage_max_width.to_string());
    }
    verilate.args(&options.extra_args);
    let not_found = || Error::VerilatorNotFound { program: tools.verilator.display().to_string() };
    let verilated = run("verilator", &mut verilate, not_found)?;

    let header = fs::read_to_string(obj.join("Vdut.h")).map_err(io_err("reading the generated Vdut.h"))?;
    let ports = parse_header_ports(&header)?;
    let shim = shim_source(&ports, options.trace, options.coverage);
    fs::write(obj.join("aesctr_shim.cpp"), &shim).map_err(io_err("writing the shim"))?;

    let runtime = runtime_dir(cache, tools, &obj, &RUNTIME_OBJECTS)?;
    let coverage_runtime =
        if options.coverage { Some(runtime_dir(cache, tools, &obj, &COVERAGE_RUNTIME_OBJECTS)?) } else { None };

    let mut make = Command::new("make");
    make.arg("-C")
        .arg(&obj)
        .args(["-f", "Vdut.mk", "-j", &jobs().to_string()])
        .arg(format!("OPT_FAST={}", options.cxx_opt))
        .arg("Vdut__ALL.a");
    run("building the model (make)", &mut make, make_not_found)?;

    let include = &tools.include;
    let trace_flag = u8::from(options.trace);
    let mut compile = Command::new(cxx_program());
    compile
        .current_dir(&obj)
        .args(["-c", "-O2", "-fPIC", "-faligned-new", "-I."])
        .arg(format!("-I{}", include.display()))
        .arg(format!("-I{}", include.join("vltstd").display()))
        .arg(format!("-DVM_COVERAGE={}", u8::from(options.coverage)))
        .args(["-DVM_SC=0", "-DVM_TRACE_FST=0"])
        .arg(format!("-DVM_TRACE={trace_flag}"))
        .arg(format!("-DVM_TRACE_VCD={trace_flag}"))
        .args(["-o", "aesctr_shim.o", "aesctr_shim.cpp"]);
    run("compiling the shim (g++)", &mut compile, cxx_not_found)?;

    let exports = obj.join("exports.map");
    fs::write(&exports, "{ global: aesctr_shim_*; local: *; };\n").map_err(io_err("writing exports.map"))?;
    let mut link = Command::new(cxx_program());
    link.current_dir(&obj)
        .args(["-shared", "-o", LIBRARY_NAME, "aesctr_shim.o", "Vdut__ALL.a"])
        .arg(runtime.join("verilated.o"))
        .arg(runtime.join("verilated_threads.o"));
    if options.trace {
        link.arg(runtime.join("verilated_vcd_c.o"));
    }
    if let Some(dir) = &coverage_runtime {
        link.arg(dir.join("verilated_cov.o"));
    }
    link.arg("-pthread").arg(format!("-Wl,--version-script={}", exports.display()));
    run("linking the model (g++ -shared)", &mut link, cxx_not_found)?;

    let staged = scratch.join("entry");
    fs::create_dir_all(&staged).map_err(io_err("creating the cache entry"))?;
    fs::rename(obj.join(LIBRARY_NAME), staged.join(LIBRARY_NAME)).map_err(io_err("moving the library"))?;
    fs::write(staged.join("aesctr_shim.cpp"), &shim).map_err(io_err("saving the shim"))?;
    // Verilator's warnings (it runs with -Wno-fatal), kept for inspection.
    fs::write(staged.join("verilator.log"), &verilated.stderr).map_err(io_err("saving verilator.log"))?;
    let mut manifest = fs::File::create(staged.join("ports.txt")).map_err(io_err("writing ports.txt"))?;
    for p in &ports {
        writeln!(manifest, "{:?} {} {}", p.direction, p.width, p.name).map_err(io_err("writing ports.txt"))?;
    }
    fs::write(staged.join(".complete"), format!("{top}\n{}\n", tools.version)).map_err(io_err("writing marker"))?;
    publish(&staged, final_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_ports_parse_all_storage_classes() {
        let header = "  VL_IN8(&clk,0,0);\n    VL_OUTW(&y,127,0,4);\n  VL_IN64(&e,32,0);\n  VL_OUT(&q,31,0);\n  \
                      VL_INOUT16(&io,15,0);\n  VL_IN8(&a__024b,3,0);\n  int other(int);\n";
        let ports = parse_header_ports(header).expect("parses");
        let summary: Vec<(String, u32, Direction)> =
            ports.iter().map(|p| (p.name.clone(), p.width, p.direction)).collect();
        assert_eq!(
            summary,
            vec![
                ("clk".to_string(), 1, Direction::Input),
                ("y".to_string(), 128, Direction::Output),
                ("e".to_string(), 33, Direction::Input),
                ("q".to_string(), 32, Direction::Output),
                ("io".to_string(), 16, Direction::Inout),
                ("a$b".to_string(), 4, Direction::Input),
            ]
        );
        assert_eq!(ports[5].member, "a__024b");
    }

    #[test]
    fn header_without_ports_is_an_error() {
        assert!(matches!(parse_header_ports("class Vdut {};"), Err(Error::Ports(_))));
    }

    #[test]
    fn storage_class_follows_verilator_widths() {
        assert_eq!(Storage::for_width(1), Storage::U8);
        assert_eq!(Storage::for_width(8), Storage::U8);
        assert_eq!(Storage::for_width(9), Storage::U16);
        assert_eq!(Storage::for_width(17), Storage::U32);
        assert_eq!(Storage::for_width(33), Storage::U64);
        assert_eq!(Storage::for_width(65), Storage::Wide(3));
        assert_eq!(Storage::for_width(128), Storage::Wide(4));
    }

    #[test]
    fn close_names_prefer_small_edit_distance() {
        let names = ["m_axi_awvalid", "m_axi_arvalid", "m_axi_wvalid", "clk", "rst"];
        let close = close_names("m_axi_awvalud", names.iter().copied());
        assert_eq!(close.first().map(String::as_str), Some("m_axi_awvalid"));
        assert!(!close.contains(&"clk".to_string()));
    }
}
