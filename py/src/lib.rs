//! `aes_ctr_accel._native`: the accelerator as a Python object.
//!
//! A [`Device`] is either the golden device model (`Device.golden()`) or the emitted Verilog of a
//! YAML configuration under Verilator (`Device.simulated(config=...)`, through the model cache of
//! `sim::verilator`). Both are driven by the one ring driver of `sim::driver` — descriptors in a
//! submission ring, one doorbell per batch, completions by phase bit — never by a shortcut.
//!
//! Errors become Python exceptions: `ValueError` for bad arguments (key length, counter, width,
//! slot), `RuntimeError` for a closed device, `aes_ctr_accel.SimulationError` for a job that did
//! not complete with status OK or a simulation that failed (its message names the job), and a Rust
//! panic inside the simulator is caught and reported the same way.

use golden::device::DeviceConfig;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::{Driver, GoldenPlatform, HostMemory, RingLayout};
use sim::scenario::{harness_from_verilog, Dut};
use sim::RegisterAccess;
use spec::{regs, Completion, CounterWidth, Descriptor, KeySize, Status};
use std::panic::{catch_unwind, AssertUnwindSafe};

pyo3::create_exception!(_native, SimulationError, pyo3::exceptions::PyException);

/// Where the rings, keys and data live in the device's host memory.
const LAYOUT: RingLayout = RingLayout { sq_base: 0x1_0000, sq_size: 64, cq_base: 0x2_0000, cq_size: 64 };
/// Inline keys of one batch: 32 bytes per job, at most SQ_SIZE jobs in flight.
const KEY_BASE: u64 = 0x3_0000;
/// Source and destination buffers of one batch (each job's at a 64-byte boundary).
const SRC_BASE: u64 = 0x100_0000;
const DST_BASE: u64 = 0x8000_0000;
/// Largest total payload of one batch (keeps source and destination areas apart).
const MAX_BATCH_BYTES: u64 = DST_BASE - SRC_BASE;

enum Backend {
    Golden(Box<Driver<GoldenPlatform>>),
    Sim(Box<Driver<Dut>>),
}

/// Runs `$body` with `$d` bound to the driver, whichever platform it drives.
macro_rules! with_driver {
    ($backend:expr, $d:ident => $body:expr) => {
        match $backend {
            Backend::Golden($d) => {
                let $d = &mut **$d;
                $body
            }
            Backend::Sim($d) => {
                let $d = &mut **$d;
                $body
            }
        }
    };
}

/// One CTR_XOR job as Python gave it.
struct Job {
    data: Vec<u8>,
    key: KeyRef,
    counter: [u8; 16],
    width: CounterWidth,
}

enum KeyRef {
    Slot(u32),
    Inline(Vec<u8>),
}

fn key_size(bytes: usize) -> PyResult<KeySize> {
    KeySize::ALL.into_iter().find(|k| k.bytes() == bytes).ok_or_else(|| {
        PyValueError::new_err(format!("key must be 16, 24 or 32 bytes (AES-128/192/256), got {bytes} bytes"))
    })
}

fn parse_width(width: u32) -> PyResult<CounterWidth> {
    match width {
        128 => Ok(CounterWidth::W128),
        64 => Ok(CounterWidth::W64),
        32 => Ok(CounterWidth::W32),
        other => Err(PyValueError::new_err(format!("counter width must be 32, 64 or 128 bits, got {other}"))),
    }
}

/// A counter block: 16 bytes (bytes-like) or a non-negative integer below 2**128.
fn parse_counter(counter: &Bound<'_, PyAny>) -> PyResult<[u8; 16]> {
    if let Ok(b) = counter.extract::<Vec<u8>>() {
        if counter.is_instance_of::<pyo3::types::PyString>() {
            return Err(PyTypeError::new_err("counter must be 16 bytes or an int, not str"));
        }
        return b.as_slice().try_into().map_err(|_| {
            PyValueError::new_err(format!("counter block must be exactly 16 bytes, got {} bytes", b.len()))
        });
    }
    if let Ok(v) = counter.extract::<u128>() {
        return Ok(v.to_be_bytes());
    }
    if counter.extract::<i128>().is_ok() || counter.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyValueError::new_err("counter as an int must be in 0..2**128"));
    }
    Err(PyTypeError::new_err(format!(
        "counter must be 16 bytes or an int, not {}",
        counter.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
    )))
}

fn parse_data(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if data.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err("data must be bytes-like, not str"));
    }
    data.extract::<Vec<u8>>().map_err(|_| {
        PyTypeError::new_err(format!(
            "data must be bytes-like, not {}",
            data.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
        ))
    })
}

fn parse_key(key: &Bound<'_, PyAny>) -> PyResult<KeyRef> {
    if key.is_instance_of::<pyo3::types::PyInt>() {
        let slot: u32 =
            key.extract().map_err(|_| PyValueError::new_err("key slot must be a small non-negative int"))?;
        return Ok(KeyRef::Slot(slot));
    }
    let bytes =
        parse_data(key).map_err(|_| PyTypeError::new_err("key must be bytes (16, 24 or 32) or a slot number"))?;
    key_size(bytes.len())?;
    Ok(KeyRef::Inline(bytes))
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

/// The accelerator: golden model or Verilated RTL, behind the ring driver.
#[pyclass(unsendable, module = "aes_ctr_accel._native")]
struct Device {
    backend: Option<Backend>,
    kind: String,
    key_slots: u32,
    key_sizes: u32,
    /// Tags of submitted jobs, so failures can name them.
    next_tag: u32,
    /// Which slots hold a key (loaded through this object).
    loaded: Vec<bool>,
    /// The driver's poll budget as last set.
    poll_budget: u32,
}

impl Device {
    fn new(backend: Backend, kind: String) -> PyResult<Device> {
        let caps = match &backend {
            Backend::Golden(d) => d.caps(),
            Backend::Sim(d) => d.caps(),
        };
        Ok(Device {
            backend: Some(backend),
            kind,
            key_slots: caps.key_slots,
            key_sizes: caps.key_sizes,
            next_tag: 1,
            loaded: vec![false; caps.key_slots as usize],
            poll_budget: sim::driver::DEFAULT_POLL_BUDGET,
        })
    }

    fn backend(&mut self) -> PyResult<&mut Backend> {
        self.backend.as_mut().ok_or_else(|| PyRuntimeError::new_err("the device is closed"))
    }

    fn check_slot(&self, slot: u32) -> PyResult<()> {
        if slot >= self.key_slots {
            return Err(PyValueError::new_err(format!(
                "key slot {slot} does not exist: this device has {} slots (0..{})",
                self.key_slots, self.key_slots
            )));
        }
        Ok(())
    }

    fn check_size(&self, size: KeySize) -> PyResult<()> {
        if self.key_sizes & size.caps_bit() == 0 {
            return Err(PyValueError::new_err(format!(
                "this device configuration does not offer AES-{} keys",
                size.bytes() * 8
            )));
        }
        Ok(())
    }

    /// After driver work on a simulated device: a protocol or bus failure of the harness.
    fn sim_failure(backend: &mut Backend) -> Option<String> {
        if let Backend::Sim(d) = backend {
            let h = &mut d.platform_mut().harness;
            if let Some(f) = h.failure() {
                return Some(format!("{f}"));
            }
            let errors = h.take_bus_errors();
            if let Some(e) = errors.first() {
                return Some(format!("register access failed: {e}"));
            }
        }
        None
    }

    /// Runs `f` on the driver; Rust panics and harness failures become `SimulationError`s
    /// naming `what`.
    fn guarded<T>(&mut self, what: &str, f: impl FnOnce(&mut Backend) -> Result<T, String>) -> PyResult<T> {
        let backend = self.backend()?;
        let outcome = catch_unwind(AssertUnwindSafe(|| f(&mut *backend)));
        let result = match outcome {
            Ok(r) => r,
            Err(p) => {
                // The model's state is unknown after a panic: close the device.
                self.backend = None;
                return Err(SimulationError::new_err(format!(
                    "{what}: the simulation panicked ({}); the device is closed",
                    panic_text(p)
                )));
            }
        };
        let backend = self.backend()?;
        if let Some(f) = Device::sim_failure(backend) {
            return Err(SimulationError::new_err(format!("{what}: simulation failure: {f}")));
        }
        result.map_err(|e| {
            if e.starts_with(what) {
                SimulationError::new_err(e)
            } else {
                SimulationError::new_err(format!("{what}: {e}"))
            }
        })
    }

    fn run_jobs(&mut self, jobs: Vec<Job>, checked: bool) -> PyResult<Vec<Vec<u8>>> {
        for job in &jobs {
            match &job.key {
                KeyRef::Slot(_) if !checked => {}
                KeyRef::Slot(s) => {
                    self.check_slot(*s)?;
                    if !self.loaded[*s as usize] {
                        return Err(PyValueError::new_err(format!("key slot {s} holds no key: load_key first")));
                    }
                }
                KeyRef::Inline(k) => self.check_size(key_size(k.len())?)?,
            }
            if job.data.len() > u32::MAX as usize {
                return Err(PyValueError::new_err("one job is at most 2**32 - 1 bytes"));
            }
        }
        let total: u64 = jobs.iter().map(|j| (j.data.len() as u64).div_ceil(64) * 64).sum();
        if total > MAX_BATCH_BYTES {
            return Err(PyValueError::new_err(format!("a batch is at most {MAX_BATCH_BYTES} bytes")));
        }
        let first_tag = self.next_tag;
        self.next_tag = self.next_tag.wrapping_add(jobs.len() as u32).max(1);
        let names: Vec<String> = (0..jobs.len())
            .map(|i| format!("job {i} (tag {:#x}, {} bytes)", first_tag.wrapping_add(i as u32), jobs[i].data.len()))
            .collect();
        let what = if jobs.len() == 1 { names[0].clone() } else { format!("batch of {} jobs", jobs.len()) };
        let budget = self.poll_budget;
        self.guarded(&what, move |backend| {
            with_driver!(backend, d => {
                let mut descriptors = Vec::with_capacity(jobs.len());
                let mut places = Vec::with_capacity(jobs.len());
                let mut offset = 0u64;
                for (i, job) in jobs.iter().enumerate() {
                    let tag = first_tag.wrapping_add(i as u32);
                    let src = SRC_BASE + offset;
                    let dst = DST_BASE + offset;
                    offset += (job.data.len() as u64).div_ceil(64) * 64;
                    d.platform_mut().write_bytes(src, &job.data);
                    let length = job.data.len() as u32;
                    let desc = match &job.key {
                        KeyRef::Slot(s) => Descriptor::ctr_xor_slot(tag, *s as u8, job.width, src, dst, length, job.counter),
                        KeyRef::Inline(k) => {
                            let key_addr = KEY_BASE + 32 * (i as u64 % LAYOUT.sq_size as u64);
                            let size = KeySize::ALL.into_iter().find(|s| s.bytes() == k.len()).expect("checked");
                            Descriptor::ctr_xor_inline(tag, size, key_addr, job.width, src, dst, length, job.counter)
                        }
                    };
                    descriptors.push(desc);
                    places.push((dst, job.data.len()));
                }
                // Inline keys are read when their job runs: submit in groups of at most SQ_SIZE - 1
                // so a key area slot is never rewritten while its job may still read it.
                let group = (LAYOUT.sq_size - 1) as usize;
                let mut completions: Vec<Completion> = Vec::with_capacity(jobs.len());
                for (chunk_index, chunk) in descriptors.chunks(group).enumerate() {
                    for (j, desc) in chunk.iter().enumerate() {
                        let i = chunk_index * group + j;
                        if let KeyRef::Inline(k) = &jobs[i].key {
                            d.platform_mut().write_bytes(desc.key_addr, k);
                        }
                    }
                    let start = chunk_index * group;
                    let done = match d.run_all(chunk) {
                        Ok(done) => done,
                        Err(e) => {
                            // Drop whatever is still in flight so the device stays usable (with the
                            // default budget: a small one set for the jobs would cut the reset short).
                            d.set_poll_budget(sim::driver::DEFAULT_POLL_BUDGET);
                            let outcome = d.qreset();
                            d.set_poll_budget(budget);
                            let reset = match outcome {
                                Ok(()) => "the queues were reset (QRESET)".to_string(),
                                Err(r) => format!("QRESET failed too: {r}"),
                            };
                            let end = start + chunk.len();
                            return Err(if chunk.len() == 1 {
                                format!("{} did not complete: {e}; {reset}", names[start])
                            } else {
                                format!("jobs {start}..{end} (from {}) did not all complete: {e}; {reset}", names[start])
                            });
                        }
                    };
                    completions.extend(done);
                }
                let mut out = Vec::with_capacity(jobs.len());
                for (i, (c, (dst, len))) in completions.iter().zip(places).enumerate() {
                    let expected = first_tag.wrapping_add(i as u32);
                    if c.tag != expected {
                        return Err(format!("{}: completion carries tag {:#x}", names[i], c.tag));
                    }
                    if c.status != Status::Ok as u8 {
                        let status = Status::ALL.into_iter().find(|s| *s as u8 == c.status);
                        return Err(format!("{} completed with status {:?} (code {})", names[i], status, c.status));
                    }
                    let mut buf = vec![0u8; len];
                    d.platform_mut().read_bytes(dst, &mut buf);
                    out.push(buf);
                }
                Ok(out)
            })
        })
    }
}

fn read64(p: &mut impl RegisterAccess, lo: u32, hi: u32) -> u64 {
    // Not latched: read HI, LO, HI again and retry when HI moved.
    loop {
        let h = p.read32(hi) as u64;
        let l = p.read32(lo) as u64;
        if p.read32(hi) as u64 == h {
            return (h << 32) | l;
        }
    }
}

#[pymethods]
impl Device {
    /// The golden device model (no clocks: BUSY_CYCLES and cycles read 0). Defaults: the default
    /// hardware configuration.
    #[staticmethod]
    #[pyo3(signature = (bus_bytes=16, max_burst=16, key_slots=4, lanes=1))]
    fn golden(bus_bytes: u32, max_burst: u32, key_slots: u32, lanes: u32) -> PyResult<Device> {
        let cfg = DeviceConfig { bus_bytes, max_burst, key_sizes: 0b111, key_slots, lanes };
        let platform = GoldenPlatform::new(cfg).map_err(|e| PyValueError::new_err(format!("golden device: {e}")))?;
        let mut driver = Driver::new(platform, LAYOUT).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        driver.enable();
        Device::new(Backend::Golden(Box::new(driver)), "golden".into())
    }

    /// The emitted Verilog of the YAML configuration `config` under Verilator (the model is built
    /// once per design into the model cache and reused).
    #[staticmethod]
    #[pyo3(signature = (config="configs/default.yaml"))]
    fn simulated(config: &str) -> PyResult<Device> {
        // A relative path that does not exist from the working directory is tried from the
        // repository root (so the default works from anywhere in a checkout).
        let in_repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(config);
        let path = if std::path::Path::new(config).exists() || !in_repo.exists() {
            std::path::PathBuf::from(config)
        } else {
            in_repo
        };
        let cfg = hdl::config::Config::from_file(&path)
            .map_err(|e| PyValueError::new_err(format!("configuration {config}: {e}")))?;
        // The same text and harness the Rust end-to-end tests build (sim/tests/accel_support): the
        // banner-less Verilog, so the Verilator model cache entry is shared with them.
        let text = hdl::emit::accelerator_verilog(&cfg)
            .map_err(|e| PyRuntimeError::new_err(format!("emitting the Verilog of {config}: {e}")))?;
        let built = catch_unwind(AssertUnwindSafe(|| {
            let harness = harness_from_verilog(&text, cfg.max_burst, AxiMemoryConfig::default());
            Driver::new(Dut { harness }, LAYOUT)
        }));
        let mut driver = match built {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => return Err(SimulationError::new_err(format!("opening {config}: {e}"))),
            Err(p) => {
                return Err(SimulationError::new_err(format!(
                    "building or resetting the Verilator model of {config} failed: {}",
                    panic_text(p)
                )))
            }
        };
        driver.enable();
        Device::new(Backend::Sim(Box::new(driver)), format!("simulated {} ({config})", cfg.short_name()))
    }

    /// "golden" or "simulated NAME (CONFIG)".
    #[getter]
    fn kind(&self) -> String {
        self.kind.clone()
    }

    #[getter]
    fn key_slots(&self) -> u32 {
        self.key_slots
    }

    #[getter]
    fn closed(&self) -> bool {
        self.backend.is_none()
    }

    /// Load a 16-, 24- or 32-byte key into `slot` (CSR path, waits for the expansion).
    fn load_key(&mut self, slot: u32, key: &Bound<'_, PyAny>) -> PyResult<()> {
        self.backend()?;
        let key = parse_data(key).map_err(|_| PyTypeError::new_err("key must be bytes"))?;
        self.check_size(key_size(key.len())?)?;
        self.check_slot(slot)?;
        self.guarded(
            &format!("load_key(slot {slot})"),
            |b| with_driver!(b, d => d.load_key(slot, &key).map_err(|e| e.to_string())),
        )?;
        self.loaded[slot as usize] = true;
        Ok(())
    }

    /// Zeroize one slot, or every slot when `slot` is None.
    #[pyo3(signature = (slot=None))]
    fn zeroize(&mut self, slot: Option<u32>) -> PyResult<()> {
        self.backend()?;
        match slot {
            Some(s) => {
                self.check_slot(s)?;
                self.guarded(
                    &format!("zeroize(slot {s})"),
                    |b| with_driver!(b, d => d.zeroize_key(s).map_err(|e| e.to_string())),
                )?;
                self.loaded[s as usize] = false;
            }
            None => {
                self.guarded(
                    "zeroize(all)",
                    |b| with_driver!(b, d => d.zeroize_all_keys().map_err(|e| e.to_string())),
                )?;
                self.loaded.iter_mut().for_each(|l| *l = false);
            }
        }
        Ok(())
    }

    /// XOR `data` with the AES-CTR keystream of `key` (bytes, an inline key) or a loaded slot
    /// (int), from counter block `counter` (16 bytes or an int), incrementing the low `width` bits.
    #[pyo3(signature = (data, key, counter, width=128))]
    fn ctr_xor<'py>(
        &mut self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        key: &Bound<'py, PyAny>,
        counter: &Bound<'py, PyAny>,
        width: u32,
    ) -> PyResult<Bound<'py, PyBytes>> {
        self.backend()?;
        let job = Job {
            data: parse_data(data)?,
            key: parse_key(key)?,
            counter: parse_counter(counter)?,
            width: parse_width(width)?,
        };
        let mut out = self.run_jobs(vec![job], true)?;
        Ok(PyBytes::new(py, &out.pop().expect("one job")))
    }

    /// Several CTR_XOR jobs behind one doorbell: `jobs` is a list of (data, key|slot, counter) or
    /// (data, key|slot, counter, width) tuples; returns the outputs in order.
    fn ctr_xor_batch<'py>(&mut self, py: Python<'py>, jobs: &Bound<'py, PyList>) -> PyResult<Vec<Bound<'py, PyBytes>>> {
        self.backend()?;
        let mut parsed = Vec::with_capacity(jobs.len());
        for (i, item) in jobs.iter().enumerate() {
            let len = item.len().map_err(|_| PyTypeError::new_err(format!("job {i}: expected a tuple")))?;
            if !(3..=4).contains(&len) {
                return Err(PyValueError::new_err(format!("job {i}: expected (data, key, counter[, width])")));
            }
            let width = if len == 4 { item.get_item(3)?.extract::<u32>()? } else { 128 };
            let prefix = |e: PyErr| {
                let msg = e.value(py).to_string();
                if e.is_instance_of::<PyTypeError>(py) {
                    PyTypeError::new_err(format!("job {i}: {msg}"))
                } else {
                    PyValueError::new_err(format!("job {i}: {msg}"))
                }
            };
            parsed.push(Job {
                data: parse_data(&item.get_item(0)?).map_err(prefix)?,
                key: parse_key(&item.get_item(1)?).map_err(prefix)?,
                counter: parse_counter(&item.get_item(2)?).map_err(prefix)?,
                width: parse_width(width).map_err(prefix)?,
            });
        }
        let out = self.run_jobs(parsed, true)?;
        Ok(out.iter().map(|o| PyBytes::new(py, o)).collect())
    }

    /// The device's counters: cycles, busy_cycles, bytes, jobs_ok, jobs_err (registers; the golden
    /// model has no clock, so its cycle counters read 0) and, for a simulated device,
    /// cycles_simulated (clock edges of the Verilator model since it was built).
    fn counters(&mut self) -> PyResult<std::collections::BTreeMap<String, u64>> {
        self.guarded("counters", |b| {
            let mut m = std::collections::BTreeMap::new();
            with_driver!(b, d => {
                let p = d.platform_mut();
                m.insert("cycles".to_string(), read64(p, regs::CYCLES_LO, regs::CYCLES_HI));
                m.insert("busy_cycles".to_string(), read64(p, regs::BUSY_CYCLES_LO, regs::BUSY_CYCLES_HI));
                m.insert("bytes".to_string(), read64(p, regs::BYTES_LO, regs::BYTES_HI));
                m.insert("jobs_ok".to_string(), p.read32(regs::JOBS_OK) as u64);
                m.insert("jobs_err".to_string(), p.read32(regs::JOBS_ERR) as u64);
            });
            if let Backend::Sim(d) = b {
                m.insert("cycles_simulated".to_string(), d.platform().harness.cycle());
            }
            Ok(m)
        })
    }

    /// Polls a wait for a completion (or a key expansion) makes before it gives up with a
    /// SimulationError (default 1,000,000).
    fn set_poll_budget(&mut self, polls: u32) -> PyResult<()> {
        let b = self.backend()?;
        with_driver!(b, d => d.set_poll_budget(polls));
        self.poll_budget = polls.max(1);
        Ok(())
    }

    /// Test hook: one CTR_XOR job on a key slot the device does not have, submitted without the
    /// Python-side checks, so the device's error completion is seen (raises SimulationError).
    fn _fail_for_test(&mut self, data: Vec<u8>) -> PyResult<()> {
        self.backend()?;
        let job = Job { data, key: KeyRef::Slot(self.key_slots), counter: [0; 16], width: CounterWidth::W128 };
        self.run_jobs(vec![job], false).map(|_| ())
    }

    /// Zeroize every key slot and release the model. Further calls raise RuntimeError.
    fn close(&mut self) -> PyResult<()> {
        if let Some(mut b) = self.backend.take() {
            let _ = catch_unwind(AssertUnwindSafe(|| with_driver!(&mut b, d => d.zeroize_all_keys())));
        }
        Ok(())
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&mut self, _args: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<bool> {
        self.close()?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!("<aes_ctr_accel.Device {}{}>", self.kind, if self.backend.is_none() { ", closed" } else { "" })
    }
}

#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Device>()?;
    m.add("SimulationError", m.py().get_type::<SimulationError>())?;
    Ok(())
}
