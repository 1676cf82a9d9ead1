// Fusion Unit: 16 BitBricks and a shift-add tree.
// Precision modes (amode / wmode): 0 = 2-bit, 1 = 4-bit, 2 = 8-bit (3 is treated as 8-bit).
// With a-bit activations and w-bit weights the unit forms (8/a)*(8/w) products per cycle:
// product i multiplies act[i*a +: a] by wgt[i*w +: w], each using (a/2)*(w/2) bricks, and the
// unit adds their sum to psum_in. Operand words are 32 bits, the widest any mode needs.
// The bricks' routing and arithmetic are in fusion_brick.vh, which fusion_array evaluates for
// all its units with the routing decoded once per array.
/* verilator tracing_off */
module fusion_unit (
    input  wire               clk,
    input  wire               en,
    input  wire [1:0]         amode,
    input  wire [1:0]         wmode,
    input  wire               asigned,
    input  wire               wsigned,
    input  wire [31:0]        act,
    input  wire [31:0]        wgt,
    input  wire signed [31:0] psum_in,
    output wire signed [23:0] dot,
    output reg  signed [31:0] psum_out
);
`include "fusion_brick.vh"
  `BRICK_ROUTING(amode, wmode, asigned, wsigned)

  // The sum of the terms fits in 24 bits; the upper bits are its sign extension.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] sum = `UNIT_DOT(act, wgt);
  /* verilator lint_on UNUSEDSIGNAL */
  assign dot = sum[23:0];

  always @(posedge clk) begin
    if (en) psum_out <= psum_in + {{8{dot[23]}}, dot};
  end
endmodule
