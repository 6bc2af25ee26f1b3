// Flow self-check design: q is not assigned when en is 0, so yosys infers a
// 4-bit latch; the flow must refuse it and name has_latch.q.
module has_latch (input en, input [3:0] d, output reg [3:0] q);
  always @* if (en) q = d;
endmodule
