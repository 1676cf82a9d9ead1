// BitBrick: the 2-bit multiplier BitFusion fuses into wider multipliers.
// Each 2-bit slice carries a sign flag; a set flag makes the slice the signed top slice of its
// operand, so one brick multiplies 3-bit signed values and covers signed and unsigned operands.
// The arithmetic is BRICK_VALUE in fusion_brick.vh, which the fusion units use directly.
/* verilator tracing_off */
module bitbrick (
    input  wire [1:0]        x,
    input  wire              sx,
    input  wire [1:0]        y,
    input  wire              sy,
    output wire signed [5:0] p
);
`include "fusion_brick.vh"
  // A 3-bit x 3-bit signed product fits in 6 bits; the rest is its sign extension.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] full = `BRICK_VALUE(x, {sx, 2'b00}) * `BRICK_VALUE(y, {sy, 2'b00});
  /* verilator lint_on UNUSEDSIGNAL */
  assign p = full[5:0];
endmodule
