// BitBrick: the 2-bit multiplier BitFusion fuses into wider multipliers.
// Each 2-bit slice carries a sign flag; a set flag makes the slice the signed top slice of its
// operand, so one brick multiplies 3-bit signed values and covers signed and unsigned operands.
// Waveforms stop at the array level: tracing every brick of a 16x32 array multiplies the
// Verilated model's size many times over.
/* verilator tracing_off */
module bitbrick (
    input  wire [1:0]        x,
    input  wire              sx,
    input  wire [1:0]        y,
    input  wire              sy,
    output wire signed [5:0] p
);
  wire signed [2:0] xs = {sx & x[1], x};
  wire signed [2:0] ys = {sy & y[1], y};
  wire signed [5:0] xe = {{3{xs[2]}}, xs};
  wire signed [5:0] ye = {{3{ys[2]}}, ys};
  assign p = xe * ye;
endmodule
