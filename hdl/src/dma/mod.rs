//! The DMA side of the accelerator: descriptor fetch, job decoding, key reads, source reads,
//! keystream merge, destination writes, completions, and the AXI4 read/write port arbiters.
//!
//! Every block has a `clock` and a synchronous active-high `reset`; see each file's header for
//! its ports, latency and throughput.

pub mod address_less;
pub mod burst_planner;
pub mod completion_writer;
pub mod descriptor_fetcher;
pub mod destination_writer;
pub mod dispatcher;
pub mod fifo;
pub mod join;
pub mod key_reader;
pub mod keystream_merge;
pub mod output_queue;
pub mod range_end;
pub mod read_port;
pub mod slot_address;
pub mod small_fifo;
pub mod source_reader;
pub mod state_register;
pub mod write_port;
