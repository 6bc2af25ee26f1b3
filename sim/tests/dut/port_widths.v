// Test DUT for the Verilator bridge: purely combinational, one input and two outputs per storage
// class of Verilator (8, 16, 32, 64 bits, VlWide) and at the class boundaries:
//   out_N = in_N, inv_N = ~in_N   for N in 1, 7, 8, 9, 16, 17, 32, 33, 64, 65, 96, 128, 200.
module port_widths (
    input  wire [0:0]   in_1,   output wire [0:0]   out_1,   output wire [0:0]   inv_1,
    input  wire [6:0]   in_7,   output wire [6:0]   out_7,   output wire [6:0]   inv_7,
    input  wire [7:0]   in_8,   output wire [7:0]   out_8,   output wire [7:0]   inv_8,
    input  wire [8:0]   in_9,   output wire [8:0]   out_9,   output wire [8:0]   inv_9,
    input  wire [15:0]  in_16,  output wire [15:0]  out_16,  output wire [15:0]  inv_16,
    input  wire [16:0]  in_17,  output wire [16:0]  out_17,  output wire [16:0]  inv_17,
    input  wire [31:0]  in_32,  output wire [31:0]  out_32,  output wire [31:0]  inv_32,
    input  wire [32:0]  in_33,  output wire [32:0]  out_33,  output wire [32:0]  inv_33,
    input  wire [63:0]  in_64,  output wire [63:0]  out_64,  output wire [63:0]  inv_64,
    input  wire [64:0]  in_65,  output wire [64:0]  out_65,  output wire [64:0]  inv_65,
    input  wire [95:0]  in_96,  output wire [95:0]  out_96,  output wire [95:0]  inv_96,
    input  wire [127:0] in_128, output wire [127:0] out_128, output wire [127:0] inv_128,
    input  wire [199:0] in_200, output wire [199:0] out_200, output wire [199:0] inv_200
);
    assign out_1 = in_1;     assign inv_1 = ~in_1;
    assign out_7 = in_7;     assign inv_7 = ~in_7;
    assign out_8 = in_8;     assign inv_8 = ~in_8;
    assign out_9 = in_9;     assign inv_9 = ~in_9;
    assign out_16 = in_16;   assign inv_16 = ~in_16;
    assign out_17 = in_17;   assign inv_17 = ~in_17;
    assign out_32 = in_32;   assign inv_32 = ~in_32;
    assign out_33 = in_33;   assign inv_33 = ~in_33;
    assign out_64 = in_64;   assign inv_64 = ~in_64;
    assign out_65 = in_65;   assign inv_65 = ~in_65;
    assign out_96 = in_96;   assign inv_96 = ~in_96;
    assign out_128 = in_128; assign inv_128 = ~in_128;
    assign out_200 = in_200; assign inv_200 = ~in_200;
endmodule
