// Test DUT for the AXI4-Lite driver and monitor: a register slave with independent AW and W capture
// (either may arrive first, or both together) and LFSR-driven AWREADY/WREADY/ARREADY when STALL = 1.
//   0x00..0x0C  four read/write registers (WSTRB honoured), reset to 0
//   0x10        read-only ID 0x41584C54 ("AXLT"); writes answer SLVERR
//   0x14..0x1C  answer SLVERR (reads return 0xBAD0_0000 | offset)
//   >= 0x20     answer DECERR (reads return 0)
// BREAK selects one protocol violation (0 = none):
//   1 BVALID raised 12 cycles after reset with no write outstanding (a response without a request)
//   2 RVALID held for one cycle only, even without RREADY (valid dropped before ready)
//   3 RDATA incremented every cycle while RVALID && !RREADY (payload changed while stalled)
module axil_regs #(
    parameter integer STALL = 1,
    parameter integer BREAK = 0
) (
    input  wire        clk,
    input  wire        rst,
    input  wire [11:0] s_axil_awaddr,
    input  wire [2:0]  s_axil_awprot,
    input  wire        s_axil_awvalid,
    output wire        s_axil_awready,
    input  wire [31:0] s_axil_wdata,
    input  wire [3:0]  s_axil_wstrb,
    input  wire        s_axil_wvalid,
    output wire        s_axil_wready,
    output reg  [1:0]  s_axil_bresp,
    output reg         s_axil_bvalid,
    input  wire        s_axil_bready,
    input  wire [11:0] s_axil_araddr,
    input  wire [2:0]  s_axil_arprot,
    input  wire        s_axil_arvalid,
    output wire        s_axil_arready,
    output reg  [31:0] s_axil_rdata,
    output reg  [1:0]  s_axil_rresp,
    output reg         s_axil_rvalid,
    input  wire        s_axil_rready
);
    reg [31:0] regs [0:3];
    reg [15:0] lfsr;
    reg [7:0]  age;
    always @(posedge clk) begin
        lfsr <= rst ? 16'h1D0F : {lfsr[14:0], lfsr[15] ^ lfsr[13] ^ lfsr[12] ^ lfsr[10]};
        age <= rst ? 8'd0 : (age == 8'hFF ? age : age + 8'd1);
    end
    wire go_aw = (STALL == 0) | lfsr[2] | lfsr[7];
    wire go_w  = (STALL == 0) | lfsr[4] | lfsr[9];
    wire go_ar = (STALL == 0) | lfsr[6] | lfsr[11];

    reg        aw_full, w_full;
    reg [11:0] aw_addr;
    reg [31:0] w_data;
    reg [3:0]  w_strb;
    assign s_axil_awready = !aw_full && go_aw;
    assign s_axil_wready = !w_full && go_w;

    integer i;
    always @(posedge clk) begin
        if (rst) begin
            aw_full <= 1'b0; w_full <= 1'b0; s_axil_bvalid <= 1'b0; s_axil_bresp <= 2'b00;
            for (i = 0; i < 4; i = i + 1) regs[i] <= 32'd0;
        end else begin
            if (s_axil_awvalid && s_axil_awready) begin aw_full <= 1'b1; aw_addr <= s_axil_awaddr; end
            if (s_axil_wvalid && s_axil_wready) begin w_full <= 1'b1; w_data <= s_axil_wdata; w_strb <= s_axil_wstrb; end
            if (s_axil_bvalid && s_axil_bready) s_axil_bvalid <= 1'b0;
            if (aw_full && w_full && !s_axil_bvalid) begin
                aw_full <= 1'b0; w_full <= 1'b0; s_axil_bvalid <= 1'b1;
                if (aw_addr < 12'h010) begin
                    s_axil_bresp <= 2'b00;
                    if (w_strb[0]) regs[aw_addr[3:2]][7:0] <= w_data[7:0];
                    if (w_strb[1]) regs[aw_addr[3:2]][15:8] <= w_data[15:8];
                    if (w_strb[2]) regs[aw_addr[3:2]][23:16] <= w_data[23:16];
                    if (w_strb[3]) regs[aw_addr[3:2]][31:24] <= w_data[31:24];
                end else if (aw_addr < 12'h020) begin
                    s_axil_bresp <= 2'b10;
                end else begin
                    s_axil_bresp <= 2'b11;
                end
            end
            if (BREAK == 1 && age == 8'd12) begin s_axil_bvalid <= 1'b1; s_axil_bresp <= 2'b00; end
        end
    end

    assign s_axil_arready = !s_axil_rvalid && go_ar;
    always @(posedge clk) begin
        if (rst) begin
            s_axil_rvalid <= 1'b0; s_axil_rdata <= 32'd0; s_axil_rresp <= 2'b00;
        end else if (s_axil_arvalid && s_axil_arready) begin
            s_axil_rvalid <= 1'b1;
            if (s_axil_araddr < 12'h010) begin
                s_axil_rdata <= regs[s_axil_araddr[3:2]]; s_axil_rresp <= 2'b00;
            end else if (s_axil_araddr < 12'h014) begin
                s_axil_rdata <= 32'h41584C54; s_axil_rresp <= 2'b00;
            end else if (s_axil_araddr < 12'h020) begin
                s_axil_rdata <= 32'hBAD00000 | {20'd0, s_axil_araddr}; s_axil_rresp <= 2'b10;
            end else begin
                s_axil_rdata <= 32'd0; s_axil_rresp <= 2'b11;
            end
        end else if (s_axil_rvalid && s_axil_rready) begin
            s_axil_rvalid <= 1'b0;
        end else if (s_axil_rvalid) begin
            if (BREAK == 2) s_axil_rvalid <= 1'b0;
            if (BREAK == 3) s_axil_rdata <= s_axil_rdata + 32'd1;
        end
    end
endmodule
