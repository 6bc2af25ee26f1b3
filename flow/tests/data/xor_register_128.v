// Flow self-check design: a 128-bit register of a ^ b with a synchronous reset.
// Expected on ECP5: 128 LUT4 (one XOR per bit) and 128 TRELLIS_FF (reset on LSR).
module xor_register_128 (input clk, input rst, input [127:0] a, input [127:0] b, output reg [127:0] q);
  always @(posedge clk) if (rst) q <= 128'd0; else q <= a ^ b;
endmodule
