// aes_ctr_accel_formal.sv - bus-port properties of the emitted aes_ctr_accel, for SymbiYosys.
//
// The accelerator is instantiated as emitted (hdl/generated/aes_ctr_accel.v or any emitted
// configuration). Its environment is free except for the protocol:
//   - the AXI4-Lite master (s_axil_*) may do anything AXI4-Lite allows: VALID held with a stable
//     payload until READY, READY of B/R free;
//   - the AXI4 slave (m_axi_*) may do anything AXI4 allows: READY of AW/W/AR free, B only for a
//     write burst whose last W beat was taken, R only for an outstanding AR of that RID, beats of
//     one ID in order with RLAST on the last beat, responses of different IDs in any order and
//     interleaved, any RRESP/BRESP (OKAY, EXOKAY, SLVERR, DECERR), VALID held with a stable payload
//     until READY;
//   - rst is held for the first RESET_CYCLES cycles (SPEC §1: at least 4), then released.
// What is proved, from the end of reset on (each assertion below carries its name):
//   AW_STABLE, W_STABLE, AR_STABLE     VALID stays high with a stable payload until READY;
//   B_STABLE, R_STABLE                 the same for the AXI4-Lite responses;
//   AW_4K, AR_4K                       no burst crosses a 4 KiB boundary;
//   AW_MAX_BURST, AR_MAX_BURST         no burst has more than MAX_BURST beats;
//   AW_FORM, AR_FORM                   INCR bursts of full bus words;
//   W_AFTER_AW                         no W beat is taken before the AW of its burst;
//   WLAST_EXACT                        WLAST exactly on the last beat of each AW burst;
//   AXIL_B_ONE_PER_WRITE               one B per AXI4-Lite write (address and data taken);
//   AXIL_R_ONE_PER_READ                one R per AXI4-Lite read;
//   KEY_NOT_READABLE (with KEY_CHECK)  no register read returns a KEY_DATA word: two copies of
//                                      the register side, fed the same inputs except the W data of
//                                      KEY_DATA writes, return the same RDATA on every AXI4-Lite
//                                      read (flow/src/formal.rs cuts the DMA and the engine out of
//                                      both copies; flow/src/isolation.rs shows structurally that
//                                      no key bit, of KEY_DATA or of key beats, crosses from them
//                                      back into the register side);
//   QUIET_IN_RESET                     no AXI VALID from the third cycle of reset on.
// The monitors' own bookkeeping is asserted too (MONITOR_*): a failing MONITOR_ assertion means
// the monitor is too small for the design, not that the design is wrong.
//
// BREAK selects a deliberately broken copy (flow/src/formal.rs, BROKEN_COPIES, lists them with the
// property each must make fail); BREAK = 0 is the design
// as emitted (flow/tests/formal_ports.rs runs them).

module aes_ctr_accel_formal #(
    parameter integer BUS_BYTES = 16,
    parameter integer MAX_BURST = 16,
    parameter integer RESET_CYCLES = 4,
    parameter integer KEY_CHECK = 0,
    parameter integer BREAK = 0
) (
    input wire clk,
    // AXI4-Lite master (free inputs)
    input wire [11:0] s_axil_awaddr,
    input wire [2:0] s_axil_awprot,
    input wire s_axil_awvalid,
    input wire [31:0] s_axil_wdata,
    input wire [3:0] s_axil_wstrb,
    input wire s_axil_wvalid,
    input wire s_axil_bready,
    input wire [11:0] s_axil_araddr,
    input wire [2:0] s_axil_arprot,
    input wire s_axil_arvalid,
    input wire s_axil_rready,
    // AXI4 slave (free inputs)
    input wire m_axi_awready,
    input wire m_axi_wready,
    input wire [3:0] m_axi_bid,
    input wire [1:0] m_axi_bresp,
    input wire m_axi_bvalid,
    input wire m_axi_arready,
    input wire [3:0] m_axi_rid,
    input wire [8*BUS_BYTES-1:0] m_axi_rdata,
    input wire [1:0] m_axi_rresp,
    input wire m_axi_rlast,
    input wire m_axi_rvalid
);
  localparam integer DATA_BITS = 8 * BUS_BYTES;
  localparam integer SIZE = $clog2(BUS_BYTES);
  localparam integer ID_KEY = 1;
  localparam [11:0] KEY_DATA_FIRST = 12'h080;
  localparam [11:0] KEY_DATA_LAST = 12'h09C;

  // ---------------------------------------------------------------- reset
  reg [7:0] cycle = 0;
  always @(posedge clk) if (cycle != 8'hff) cycle <= cycle + 1;
  wire rst = cycle < RESET_CYCLES;
  // Checks start once the design has come out of reset (its rst input is registered).
  wire checking = cycle > RESET_CYCLES;
  wire past_checking = cycle > RESET_CYCLES + 1;

  // ---------------------------------------------------------------- the design
  wire irq;
  wire s_axil_awready, s_axil_wready, s_axil_bvalid, s_axil_arready, s_axil_rvalid;
  wire [1:0] s_axil_bresp, s_axil_rresp;
  wire [31:0] s_axil_rdata_design;
  wire [3:0] m_axi_awid_design, m_axi_arid;
  wire [63:0] m_axi_awaddr_design, m_axi_araddr;
  wire [7:0] m_axi_awlen_design, m_axi_arlen;
  wire [2:0] m_axi_awsize, m_axi_arsize, m_axi_awprot, m_axi_arprot;
  wire [1:0] m_axi_awburst, m_axi_arburst;
  wire m_axi_awlock, m_axi_arlock;
  wire [3:0] m_axi_awcache, m_axi_arcache;
  wire m_axi_awvalid_design, m_axi_wvalid, m_axi_wlast_design, m_axi_bready;
  wire m_axi_arvalid_design, m_axi_rready;
  wire [DATA_BITS-1:0] m_axi_wdata;
  wire [BUS_BYTES-1:0] m_axi_wstrb;

  aes_ctr_accel dut (
      .clk(clk), .rst(rst), .irq(irq),
      .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot),
      .s_axil_awvalid(s_axil_awvalid), .s_axil_awready(s_axil_awready),
      .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_wvalid(s_axil_wvalid),
      .s_axil_wready(s_axil_wready), .s_axil_bresp(s_axil_bresp), .s_axil_bvalid(s_axil_bvalid),
      .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr), .s_axil_arprot(s_axil_arprot),
      .s_axil_arvalid(s_axil_arvalid), .s_axil_arready(s_axil_arready),
      .s_axil_rdata(s_axil_rdata_design), .s_axil_rresp(s_axil_rresp),
      .s_axil_rvalid(s_axil_rvalid), .s_axil_rready(s_axil_rready),
      .m_axi_awid(m_axi_awid_design), .m_axi_awaddr(m_axi_awaddr_design),
      .m_axi_awlen(m_axi_awlen_design), .m_axi_awsize(m_axi_awsize),
      .m_axi_awburst(m_axi_awburst), .m_axi_awlock(m_axi_awlock), .m_axi_awcache(m_axi_awcache),
      .m_axi_awprot(m_axi_awprot), .m_axi_awvalid(m_axi_awvalid_design),
      .m_axi_awready(m_axi_awready), .m_axi_wdata(m_axi_wdata), .m_axi_wstrb(m_axi_wstrb),
      .m_axi_wlast(m_axi_wlast_design), .m_axi_wvalid(m_axi_wvalid), .m_axi_wready(m_axi_wready),
      .m_axi_bid(m_axi_bid), .m_axi_bresp(m_axi_bresp), .m_axi_bvalid(m_axi_bvalid),
      .m_axi_bready(m_axi_bready), .m_axi_arid(m_axi_arid), .m_axi_araddr(m_axi_araddr),
      .m_axi_arlen(m_axi_arlen), .m_axi_arsize(m_axi_arsize), .m_axi_arburst(m_axi_arburst),
      .m_axi_arlock(m_axi_arlock), .m_axi_arcache(m_axi_arcache), .m_axi_arprot(m_axi_arprot),
      .m_axi_arvalid(m_axi_arvalid_design), .m_axi_arready(m_axi_arready),
      .m_axi_rid(m_axi_rid), .m_axi_rdata(m_axi_rdata), .m_axi_rresp(m_axi_rresp),
      .m_axi_rlast(m_axi_rlast), .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(m_axi_rready)
  );

  // ---------------------------------------------------------------- broken copies
  // The properties see the design's outputs through these; BREAK != 0 breaks one of them.
  reg toggle = 0;
  always @(posedge clk) toggle <= !toggle;
  wire [63:0] m_axi_awaddr = (BREAK == 1 && m_axi_awvalid_design && !m_axi_awready && toggle)
      ? m_axi_awaddr_design ^ 64'h10 : m_axi_awaddr_design;               // AW_STABLE
  wire m_axi_awvalid = (BREAK == 2 && toggle) ? 1'b0 : m_axi_awvalid_design; // AW_STABLE
  wire [7:0] m_axi_awlen = (BREAK == 3) ? m_axi_awlen_design | 8'h0f : m_axi_awlen_design; // AW_4K
  wire m_axi_wlast = (BREAK == 4) ? 1'b0 : m_axi_wlast_design;            // WLAST_EXACT
  wire m_axi_arvalid = (BREAK == 5 && toggle) ? 1'b0 : m_axi_arvalid_design; // AR_STABLE
  wire [31:0] s_axil_rdata = (BREAK == 6 && s_axil_rvalid && !s_axil_rready && toggle)
      ? ~s_axil_rdata_design : s_axil_rdata_design;                        // R_STABLE
  wire [3:0] m_axi_awid = m_axi_awid_design;

  // ---------------------------------------------------------------- AXI4-Lite master: protocol
  always @(posedge clk) begin
    if (past_checking) begin
      if ($past(s_axil_awvalid && !s_axil_awready))
        assume(s_axil_awvalid && s_axil_awaddr == $past(s_axil_awaddr)
               && s_axil_awprot == $past(s_axil_awprot));
      if ($past(s_axil_wvalid && !s_axil_wready))
        assume(s_axil_wvalid && s_axil_wdata == $past(s_axil_wdata)
               && s_axil_wstrb == $past(s_axil_wstrb));
      if ($past(s_axil_arvalid && !s_axil_arready))
        assume(s_axil_arvalid && s_axil_araddr == $past(s_axil_araddr)
               && s_axil_arprot == $past(s_axil_arprot));
    end
    if (!checking) assume(!s_axil_awvalid && !s_axil_wvalid && !s_axil_arvalid);
  end

  // ---------------------------------------------------------------- AXI4-Lite: the design's side
  reg [7:0] axil_aw_taken = 0, axil_w_taken = 0, axil_b_taken = 0;
  reg [7:0] axil_ar_taken = 0, axil_r_taken = 0;
  always @(posedge clk) begin
    if (!checking) begin
      axil_aw_taken <= 0; axil_w_taken <= 0; axil_b_taken <= 0;
      axil_ar_taken <= 0; axil_r_taken <= 0;
    end else begin
      axil_aw_taken <= axil_aw_taken + (s_axil_awvalid && s_axil_awready);
      axil_w_taken <= axil_w_taken + (s_axil_wvalid && s_axil_wready);
      axil_b_taken <= axil_b_taken + (s_axil_bvalid && s_axil_bready);
      axil_ar_taken <= axil_ar_taken + (s_axil_arvalid && s_axil_arready);
      axil_r_taken <= axil_r_taken + (s_axil_rvalid && s_axil_rready);
    end
  end
  always @(posedge clk) begin
    if (checking) begin
      // AXIL_B_ONE_PER_WRITE: a B only for a write whose address and data were both taken.
      if (s_axil_bvalid)
        AXIL_B_ONE_PER_WRITE: assert(axil_b_taken != axil_aw_taken && axil_b_taken != axil_w_taken);
      // AXIL_R_ONE_PER_READ: an R only for a read whose address was taken.
      if (s_axil_rvalid) AXIL_R_ONE_PER_READ: assert(axil_r_taken != axil_ar_taken);
    end
    if (past_checking) begin
      // B_STABLE, R_STABLE
      if ($past(s_axil_bvalid && !s_axil_bready))
        B_STABLE: assert(s_axil_bvalid && s_axil_bresp == $past(s_axil_bresp));
      if ($past(s_axil_rvalid && !s_axil_rready))
        R_STABLE: assert(s_axil_rvalid && s_axil_rdata == $past(s_axil_rdata)
               && s_axil_rresp == $past(s_axil_rresp));
    end
  end

  // ---------------------------------------------------------------- AXI4 slave: protocol
  // Outstanding read bursts, one queue of lengths per ID (IDs 0..3; the design uses 0..2).
  localparam integer QUEUE = 16;
  wire ar_taken = m_axi_arvalid && m_axi_arready;
  wire r_taken = m_axi_rvalid && m_axi_rready;
  wire [4*5-1:0] ar_count_of;      // per ID: bursts outstanding
  wire [4*8-1:0] r_head_length_of; // per ID: ARLEN of the oldest outstanding burst
  wire [4*8-1:0] r_beat_of;        // per ID: beats of that burst taken
  genvar g;
  generate
    for (g = 0; g < 4; g = g + 1) begin : read_id
      reg [4:0] count = 0;
      reg [8*QUEUE-1:0] lengths = 0;
      reg [7:0] beat = 0;
      wire pushed = ar_taken && m_axi_arid == g;
      wire popped = r_taken && m_axi_rid == g && m_axi_rlast;
      assign ar_count_of[5*g +: 5] = count;
      assign r_head_length_of[8*g +: 8] = lengths[7:0];
      assign r_beat_of[8*g +: 8] = beat;
      always @(posedge clk) begin
        if (!checking) begin
          count <= 0;
          beat <= 0;
        end else if (popped) begin
          // A burst leaves its queue with its last beat; a new one joins at the back.
          beat <= 0;
          lengths <= lengths >> 8;
          if (pushed) lengths[8*(count-1) +: 8] <= m_axi_arlen;
          count <= count - !pushed;
        end else begin
          if (r_taken && m_axi_rid == g) beat <= beat + 1;
          if (pushed) begin
            lengths[8*count +: 8] <= m_axi_arlen;
            count <= count + 1;
          end
        end
      end
    end
  endgenerate
  wire [1:0] rid = m_axi_rid[1:0];
  always @(posedge clk) begin
    if (!checking) assume(!m_axi_rvalid && !m_axi_bvalid);
    if (checking && m_axi_rvalid) begin
      assume(m_axi_rid < 4 && ar_count_of[5*rid +: 5] != 0);
      assume(m_axi_rlast == (r_beat_of[8*rid +: 8] == r_head_length_of[8*rid +: 8]));
    end
    if (past_checking) begin
      if ($past(m_axi_rvalid && !m_axi_rready))
        assume(m_axi_rvalid && m_axi_rid == $past(m_axi_rid) && m_axi_rdata == $past(m_axi_rdata)
               && m_axi_rresp == $past(m_axi_rresp) && m_axi_rlast == $past(m_axi_rlast));
      if ($past(m_axi_bvalid && !m_axi_bready))
        assume(m_axi_bvalid && m_axi_bid == $past(m_axi_bid) && m_axi_bresp == $past(m_axi_bresp));
    end
  end

  // Write bursts in AW order (W has no ID): the W beats run through the queue's head.
  localparam integer AW_QUEUE = 16;
  reg [4:0] aw_count = 0;
  reg [8*AW_QUEUE-1:0] aw_lengths = 0;
  reg [4*AW_QUEUE-1:0] aw_ids = 0;
  reg [7:0] w_beat = 0;
  wire aw_taken = m_axi_awvalid && m_axi_awready;
  wire w_taken = m_axi_wvalid && m_axi_wready;
  wire b_taken = m_axi_bvalid && m_axi_bready;
  // The burst a W beat belongs to: the queue's head, or the AW taken in the same cycle.
  wire w_has_burst = aw_count != 0 || aw_taken;
  wire [7:0] w_length = aw_count != 0 ? aw_lengths[7:0] : m_axi_awlen;
  wire [3:0] w_id = aw_count != 0 ? aw_ids[3:0] : m_axi_awid;
  wire w_burst_done = w_taken && w_has_burst && w_beat == w_length;
  always @(posedge clk) begin
    if (!checking) begin
      aw_count <= 0;
      w_beat <= 0;
    end else if (w_burst_done) begin
      w_beat <= 0;
      aw_lengths <= aw_lengths >> 8;
      aw_ids <= aw_ids >> 4;
      if (aw_taken && aw_count != 0) begin
        aw_lengths[8*(aw_count-1) +: 8] <= m_axi_awlen;
        aw_ids[4*(aw_count-1) +: 4] <= m_axi_awid;
      end
      aw_count <= aw_count - (aw_count != 0 && !aw_taken);
    end else begin
      if (w_taken) w_beat <= w_beat + 1;
      if (aw_taken) begin
        aw_lengths[8*aw_count +: 8] <= m_axi_awlen;
        aw_ids[4*aw_count +: 4] <= m_axi_awid;
        aw_count <= aw_count + 1;
      end
    end
  end
  // Bursts whose last W beat was taken and whose B is still due, per BID.
  wire [4*4-1:0] b_due_of;
  generate
    for (g = 0; g < 4; g = g + 1) begin : write_id
      reg [3:0] due = 0;
      assign b_due_of[4*g +: 4] = due;
      always @(posedge clk) begin
        if (!checking) due <= 0;
        else due <= due + (w_burst_done && w_id == g) - (b_taken && m_axi_bid == g);
      end
    end
  endgenerate
  wire [1:0] bid = m_axi_bid[1:0];
  always @(posedge clk) begin
    if (checking && m_axi_bvalid) assume(m_axi_bid < 4 && b_due_of[4*bid +: 4] != 0);
  end

  // ---------------------------------------------------------------- AXI4 master: the design's side
  wire [12:0] aw_end = {1'b0, m_axi_awaddr[11:0]} + (({5'b0, m_axi_awlen} + 13'd1) << SIZE);
  wire [12:0] ar_end = {1'b0, m_axi_araddr[11:0]} + (({5'b0, m_axi_arlen} + 13'd1) << SIZE);
  always @(posedge clk) begin
    if (cycle >= 2 && rst) begin
      // QUIET_IN_RESET
      QUIET_IN_RESET: assert(!m_axi_awvalid && !m_axi_wvalid && !m_axi_arvalid
                             && !s_axil_bvalid && !s_axil_rvalid);
    end
    if (checking) begin
      if (m_axi_awvalid) begin
        AW_4K: assert(aw_end <= 13'h1000);
        AW_MAX_BURST: assert(m_axi_awlen < MAX_BURST);
        AW_FORM: assert(m_axi_awburst == 2'b01 && m_axi_awsize == SIZE);
        MONITOR_AW_ID: assert(m_axi_awid < 4);
      end
      if (m_axi_arvalid) begin
        AR_4K: assert(ar_end <= 13'h1000);
        AR_MAX_BURST: assert(m_axi_arlen < MAX_BURST);
        AR_FORM: assert(m_axi_arburst == 2'b01 && m_axi_arsize == SIZE);
        MONITOR_AR_ID: assert(m_axi_arid < 4);
      end
      if (w_taken) begin
        W_AFTER_AW: assert(w_has_burst);
        WLAST_EXACT: assert(m_axi_wlast == (w_beat == w_length));
      end
      MONITOR_AW_QUEUE: assert(aw_count < AW_QUEUE);
      MONITOR_AR_QUEUE: assert(ar_count_of[4:0] < QUEUE && ar_count_of[9:5] < QUEUE
                               && ar_count_of[14:10] < QUEUE && ar_count_of[19:15] < QUEUE);
    end
    if (past_checking) begin
      if ($past(m_axi_awvalid && !m_axi_awready))
        AW_STABLE: assert(m_axi_awvalid && m_axi_awaddr == $past(m_axi_awaddr)
               && m_axi_awlen == $past(m_axi_awlen) && m_axi_awid == $past(m_axi_awid)
               && m_axi_awsize == $past(m_axi_awsize) && m_axi_awburst == $past(m_axi_awburst)
               && m_axi_awcache == $past(m_axi_awcache) && m_axi_awprot == $past(m_axi_awprot)
               && m_axi_awlock == $past(m_axi_awlock));
      if ($past(m_axi_wvalid && !m_axi_wready))
        W_STABLE: assert(m_axi_wvalid && m_axi_wdata == $past(m_axi_wdata)
               && m_axi_wstrb == $past(m_axi_wstrb) && m_axi_wlast == $past(m_axi_wlast));
      if ($past(m_axi_arvalid && !m_axi_arready))
        AR_STABLE: assert(m_axi_arvalid && m_axi_araddr == $past(m_axi_araddr)
               && m_axi_arlen == $past(m_axi_arlen) && m_axi_arid == $past(m_axi_arid)
               && m_axi_arsize == $past(m_axi_arsize) && m_axi_arburst == $past(m_axi_arburst)
               && m_axi_arcache == $past(m_axi_arcache) && m_axi_arprot == $past(m_axi_arprot)
               && m_axi_arlock == $past(m_axi_arlock));
    end
  end

  // ---------------------------------------------------------------- key material (KEY_CHECK)
  // A second copy of the design, aes_ctr_accel_b, sees the same inputs; flow/src/formal.rs
  // emits it from the same Verilog with one change: the W data its register file receives for a
  // KEY_DATA0..7 write is a free value instead of the bus's, so the two copies hold different
  // keys whenever software writes one. Both copies are the register side only: the runner deletes
  // the DMA and engine blocks and feeds their outputs from free values shared by the two copies,
  // which covers whatever those blocks do (flow/src/isolation.rs shows that no key bit, of
  // KEY_DATA or of key beats, reaches them on its way back to the register side, and that W data
  // reaches RDATA only through the register file's write-data input). Every output must then be
  // the same in both copies: no register read returns key material (KEY_NOT_READABLE), and no
  // AXI4-Lite handshake, response or interrupt, and no AXI request the top's glue drives, depends
  // on a key (KEY_NO_TIMING_*). BROKEN copy 7 is a design change the runner makes in both copies:
  // a JOBS_ERR read returns KEY_DATA0 mixed in.
  wire axil_aw_is_key = s_axil_awaddr >= KEY_DATA_FIRST && s_axil_awaddr <= KEY_DATA_LAST;
  // A KEY_DATA write has been answered (what REACH_READ_AFTER_KEY_WRITE needs before a read).
  reg key_aw_taken = 0, key_written = 0;
  always @(posedge clk) begin
    if (!checking) begin
      key_aw_taken <= 0;
      key_written <= 0;
    end else begin
      if (s_axil_awvalid && s_axil_awready && axil_aw_is_key) key_aw_taken <= 1;
      if (s_axil_bvalid && s_axil_bready && key_aw_taken) key_written <= 1;
    end
  end

  generate
    if (KEY_CHECK) begin : other
      wire irq_o, awready_o, wready_o, bvalid_o, arready_o, rvalid_o;
      wire [1:0] bresp_o, rresp_o;
      wire [31:0] rdata_o;
      wire [3:0] awid_o, arid_o, awcache_o, arcache_o;
      wire [63:0] awaddr_o, araddr_o;
      wire [7:0] awlen_o, arlen_o;
      wire [2:0] awsize_o, arsize_o, awprot_o, arprot_o;
      wire [1:0] awburst_o, arburst_o;
      wire awlock_o, arlock_o, awvalid_o, wvalid_o, wlast_o, bready_o, arvalid_o, rready_o;
      wire [DATA_BITS-1:0] wdata_o;
      wire [BUS_BYTES-1:0] wstrb_o;
      aes_ctr_accel_b dut (
          .clk(clk), .rst(rst), .irq(irq_o),
          .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot),
          .s_axil_awvalid(s_axil_awvalid), .s_axil_awready(awready_o),
          .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_wvalid(s_axil_wvalid),
          .s_axil_wready(wready_o), .s_axil_bresp(bresp_o), .s_axil_bvalid(bvalid_o),
          .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr),
          .s_axil_arprot(s_axil_arprot), .s_axil_arvalid(s_axil_arvalid),
          .s_axil_arready(arready_o), .s_axil_rdata(rdata_o), .s_axil_rresp(rresp_o),
          .s_axil_rvalid(rvalid_o), .s_axil_rready(s_axil_rready),
          .m_axi_awid(awid_o), .m_axi_awaddr(awaddr_o), .m_axi_awlen(awlen_o),
          .m_axi_awsize(awsize_o), .m_axi_awburst(awburst_o), .m_axi_awlock(awlock_o),
          .m_axi_awcache(awcache_o), .m_axi_awprot(awprot_o), .m_axi_awvalid(awvalid_o),
          .m_axi_awready(m_axi_awready), .m_axi_wdata(wdata_o), .m_axi_wstrb(wstrb_o),
          .m_axi_wlast(wlast_o), .m_axi_wvalid(wvalid_o), .m_axi_wready(m_axi_wready),
          .m_axi_bid(m_axi_bid), .m_axi_bresp(m_axi_bresp), .m_axi_bvalid(m_axi_bvalid),
          .m_axi_bready(bready_o), .m_axi_arid(arid_o), .m_axi_araddr(araddr_o),
          .m_axi_arlen(arlen_o), .m_axi_arsize(arsize_o), .m_axi_arburst(arburst_o),
          .m_axi_arlock(arlock_o), .m_axi_arcache(arcache_o), .m_axi_arprot(arprot_o),
          .m_axi_arvalid(arvalid_o), .m_axi_arready(m_axi_arready),
          .m_axi_rid(m_axi_rid), .m_axi_rdata(m_axi_rdata), .m_axi_rresp(m_axi_rresp),
          .m_axi_rlast(m_axi_rlast), .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(rready_o)
      );
      always @(posedge clk) begin
        if (checking) begin
          if (s_axil_rvalid) KEY_NOT_READABLE: assert(rdata_o == s_axil_rdata);
          KEY_NO_TIMING_AXIL: assert(irq_o == irq && awready_o == s_axil_awready
                 && wready_o == s_axil_wready && bvalid_o == s_axil_bvalid
                 && bresp_o == s_axil_bresp && arready_o == s_axil_arready
                 && rvalid_o == s_axil_rvalid && rresp_o == s_axil_rresp);
          KEY_NO_TIMING_AXI: assert(awvalid_o == m_axi_awvalid && awid_o == m_axi_awid
                 && awaddr_o == m_axi_awaddr && awlen_o == m_axi_awlen
                 && wvalid_o == m_axi_wvalid && wstrb_o == m_axi_wstrb && wlast_o == m_axi_wlast
                 && bready_o == m_axi_bready && arvalid_o == m_axi_arvalid
                 && arid_o == m_axi_arid && araddr_o == m_axi_araddr && arlen_o == m_axi_arlen
                 && rready_o == m_axi_rready);
        end
      end
      always @(posedge clk) begin
        if (checking) begin
          REACH_READ_AFTER_KEY_WRITE: assert(!(s_axil_rvalid && key_written));
        end
      end
    end
  endgenerate

  // ---------------------------------------------------------------- reach
  // What the bounded proof reached: a proof of depth N says nothing about traffic it cannot reach
  // in N cycles. Each REACH_* assertion says "this never happens"; the solver's counterexample
  // gives the first step at which it can happen (the runner reports these as reached, not failed).
  always @(posedge clk) begin
    if (checking) begin
      REACH_AXIL_WRITE: assert(!(s_axil_bvalid && s_axil_bready));
      REACH_AR: assert(!(ar_taken));
      REACH_R_LAST: assert(!(r_taken && m_axi_rlast));
      REACH_KEY_AR: assert(!(ar_taken && m_axi_arid == ID_KEY));
      REACH_AW: assert(!(aw_taken));
      REACH_W_LAST: assert(!(w_burst_done));
      REACH_W_MULTI_BEAT: assert(!(w_burst_done && w_length != 0));
      REACH_B: assert(!(b_taken));
    end
  end
endmodule
