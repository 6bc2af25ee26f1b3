// Test DUT for the Verilator bridge: a 3-stage 128-bit pipeline with a valid bit.
//   stage 1: s1 = in_data ^ key
//   stage 2: s2 = {s1[119:0], s1[127:120]}            (rotate left by one byte)
//   stage 3: out_data = s2 + {64'd0, count}            (count = number of accepted inputs before this one)
// out_valid follows in_valid three rising edges later; rst clears the valid bits and the counter.
module wide_pipeline (
    input  wire         clk,
    input  wire         rst,
    input  wire         in_valid,
    input  wire [127:0] in_data,
    input  wire [127:0] key,
    output reg          out_valid,
    output reg  [127:0] out_data,
    output reg  [63:0]  count
);
    reg         v1, v2;
    reg [127:0] s1, s2;
    reg [63:0]  c1, c2;
    always @(posedge clk) begin
        if (rst) begin
            v1 <= 1'b0; v2 <= 1'b0; out_valid <= 1'b0; count <= 64'd0;
        end else begin
            v1 <= in_valid;
            s1 <= in_data ^ key;
            c1 <= count;
            if (in_valid) count <= count + 64'd1;
            v2 <= v1;
            s2 <= {s1[119:0], s1[127:120]};
            c2 <= c1;
            out_valid <= v2;
            out_data <= s2 + {64'd0, c2};
        end
    end
endmodule
