// Test DUT for the AXI4 memory model and monitor: an AXI4 master that copies NBURSTS bursts of
// LEN+1 beats from SRC to DST. Read phase: all ARs issued back to back (several outstanding, ARID =
// burst index), R beats stored in a buffer, RREADY with LFSR back-pressure. Write phase (after the last
// R beat): AWs back to back (AWID = burst index) and, independently, the W beats (so W may run ahead of
// AW; with AW_LAG > 0 the AW of burst k waits until W beat k*(LEN+1) + AW_LAG - 1 has been presented,
// so W deliberately runs ahead); the very first beat uses FIRST_STRB and the very last LAST_STRB, BREADY with LFSR back-pressure.
// Counts error responses: read_errors = R beats with RRESP != OKAY, write_errors = B with BRESP != OKAY;
// done = all B responses received.
// BREAK selects one protocol violation (0 = none):
//   1 ARVALID dropped before ARREADY          2 ARADDR changed while ARVALID && !ARREADY
//   3 WLAST on beat LEN-1 of the first burst  4 WVALID dropped before WREADY
//   5 WDATA changed while WVALID && !WREADY     6 the AR channel ignores rst (ARVALID high in reset)
// Other violations come from parameters: SRC near a 4 KiB boundary, LEN above the monitor's maximum,
// BURST != INCR, SIZE != log2(W/8).
module axi_master_copy #(
    parameter integer W = 128,
    parameter integer NBURSTS = 4,
    parameter integer LEN = 3,
    parameter [63:0] SRC = 64'h1000,
    parameter [63:0] DST = 64'h2000,
    parameter [1:0] BURST = 2'b01,
    parameter [2:0] SIZE = 3'd4,
    parameter integer BREAK = 0,
    parameter integer AW_LAG = 0,
    parameter [127:0] FIRST_STRB = 128'hFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFF0,
    parameter [127:0] LAST_STRB = 128'h0000_0000_0000_0000_0000_0000_0000_0FFF
) (
    input  wire           clk,
    input  wire           rst,
    output wire           done,
    output reg  [7:0]     read_errors,
    output reg  [7:0]     write_errors,
    output reg  [3:0]     m_axi_awid,
    output reg  [63:0]    m_axi_awaddr,
    output wire [7:0]     m_axi_awlen,
    output wire [2:0]     m_axi_awsize,
    output wire [1:0]     m_axi_awburst,
    output wire           m_axi_awlock,
    output wire [3:0]     m_axi_awcache,
    output wire [2:0]     m_axi_awprot,
    output reg            m_axi_awvalid,
    input  wire           m_axi_awready,
    output reg  [W-1:0]   m_axi_wdata,
    output reg  [W/8-1:0] m_axi_wstrb,
    output reg            m_axi_wlast,
    output reg            m_axi_wvalid,
    input  wire           m_axi_wready,
    input  wire [3:0]     m_axi_bid,
    input  wire [1:0]     m_axi_bresp,
    input  wire           m_axi_bvalid,
    output wire           m_axi_bready,
    output reg  [3:0]     m_axi_arid,
    output reg  [63:0]    m_axi_araddr,
    output wire [7:0]     m_axi_arlen,
    output wire [2:0]     m_axi_arsize,
    output wire [1:0]     m_axi_arburst,
    output wire           m_axi_arlock,
    output wire [3:0]     m_axi_arcache,
    output wire [2:0]     m_axi_arprot,
    output reg            m_axi_arvalid,
    input  wire           m_axi_arready,
    input  wire [3:0]     m_axi_rid,
    input  wire [W-1:0]   m_axi_rdata,
    input  wire [1:0]     m_axi_rresp,
    input  wire           m_axi_rlast,
    input  wire           m_axi_rvalid,
    output wire           m_axi_rready
);
    localparam integer BYTES = W / 8;
    localparam integer BEATS = LEN + 1;
    localparam integer TOTAL = NBURSTS * BEATS;
    localparam [63:0] STRIDE = BEATS * BYTES;

    assign m_axi_awlen = LEN;
    assign m_axi_arlen = LEN;
    assign m_axi_awsize = SIZE;
    assign m_axi_arsize = SIZE;
    assign m_axi_awburst = BURST;
    assign m_axi_arburst = BURST;
    assign m_axi_awlock = 1'b0;
    assign m_axi_arlock = 1'b0;
    assign m_axi_awcache = 4'b0011;
    assign m_axi_arcache = 4'b0011;
    assign m_axi_awprot = 3'b000;
    assign m_axi_arprot = 3'b000;

    reg [W-1:0] buffer [0:TOTAL-1];
    reg [15:0] lfsr;
    always @(posedge clk)
        lfsr <= rst ? 16'hACE1 : {lfsr[14:0], lfsr[15] ^ lfsr[13] ^ lfsr[12] ^ lfsr[10]};
    assign m_axi_rready = lfsr[0] | lfsr[3];
    assign m_axi_bready = lfsr[1] & lfsr[5];

    // Read addresses.
    reg [15:0] ar_next;
    always @(posedge clk) begin
        if (rst && BREAK != 6) begin
            m_axi_arvalid <= 1'b0; ar_next <= 16'd0; m_axi_araddr <= 64'd0; m_axi_arid <= 4'd0;
        end else if (m_axi_arvalid && !m_axi_arready) begin
            if (BREAK == 1) m_axi_arvalid <= 1'b0;
            if (BREAK == 2) m_axi_araddr <= m_axi_araddr + BYTES;
        end else if (ar_next < NBURSTS) begin
            m_axi_arvalid <= 1'b1;
            m_axi_araddr <= SRC + ar_next * STRIDE;
            m_axi_arid <= ar_next[3:0];
            ar_next <= ar_next + 16'd1;
        end else begin
            m_axi_arvalid <= 1'b0;
        end
    end

    // Read data.
    reg [15:0] r_count;
    always @(posedge clk) begin
        if (rst) begin
            r_count <= 16'd0; read_errors <= 8'd0;
        end else if (m_axi_rvalid && m_axi_rready) begin
            buffer[r_count] <= m_axi_rdata;
            r_count <= r_count + 16'd1;
            if (m_axi_rresp != 2'b00) read_errors <= read_errors + 8'd1;
        end
    end
    wire reads_done = (r_count == TOTAL);

    // Write addresses.
    reg [15:0] aw_next;
    reg [15:0] w_next;
    always @(posedge clk) begin
        if (rst) begin
            m_axi_awvalid <= 1'b0; aw_next <= 16'd0; m_axi_awaddr <= 64'd0; m_axi_awid <= 4'd0;
        end else if (m_axi_awvalid && !m_axi_awready) begin
            // hold
        end else if (reads_done && aw_next < NBURSTS && w_next >= aw_next * BEATS + AW_LAG) begin
            m_axi_awvalid <= 1'b1;
            m_axi_awaddr <= DST + aw_next * STRIDE;
            m_axi_awid <= aw_next[3:0];
            aw_next <= aw_next + 16'd1;
        end else begin
            m_axi_awvalid <= 1'b0;
        end
    end

    // Write data.
    always @(posedge clk) begin
        if (rst) begin
            m_axi_wvalid <= 1'b0; w_next <= 16'd0; m_axi_wlast <= 1'b0;
            m_axi_wdata <= {W{1'b0}}; m_axi_wstrb <= {BYTES{1'b0}};
        end else if (m_axi_wvalid && !m_axi_wready) begin
            if (BREAK == 4) m_axi_wvalid <= 1'b0;
            if (BREAK == 5) m_axi_wdata <= ~m_axi_wdata;
        end else if (reads_done && w_next < TOTAL) begin
            m_axi_wvalid <= 1'b1;
            m_axi_wdata <= buffer[w_next];
            if (BREAK == 3 && w_next < BEATS)
                m_axi_wlast <= (w_next == LEN - 1);
            else
                m_axi_wlast <= ((w_next % BEATS) == LEN);
            m_axi_wstrb <= (w_next == 0) ? FIRST_STRB[BYTES-1:0]
                         : (w_next == TOTAL - 1) ? LAST_STRB[BYTES-1:0] : {BYTES{1'b1}};
            w_next <= w_next + 16'd1;
        end else begin
            m_axi_wvalid <= 1'b0;
        end
    end

    // Write responses.
    reg [15:0] b_count;
    always @(posedge clk) begin
        if (rst) begin
            b_count <= 16'd0; write_errors <= 8'd0;
        end else if (m_axi_bvalid && m_axi_bready) begin
            b_count <= b_count + 16'd1;
            if (m_axi_bresp != 2'b00) write_errors <= write_errors + 8'd1;
        end
    end
    assign done = (b_count == NBURSTS);
endmodule
