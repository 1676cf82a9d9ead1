// Fusion Unit: 16 BitBricks and a shift-add tree.
// Precision modes (amode / wmode): 0 = 2-bit, 1 = 4-bit, 2 = 8-bit (3 is treated as 8-bit).
// With a-bit activations and w-bit weights the unit forms (8/a)*(8/w) products per cycle:
// product i multiplies act[i*a +: a] by wgt[i*w +: w], each using (a/2)*(w/2) bricks, and the
// unit adds their sum to psum_in. Operand words are 32 bits, the widest any mode needs.
// Waveforms stop at the array level: tracing every brick of a 16x32 array multiplies the
// Verilated model's size many times over.
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
  wire [1:0] la = (amode == 2'd3) ? 2'd2 : amode;  // log2 of activation slices per operand
  wire [1:0] lw = (wmode == 2'd3) ? 2'd2 : wmode;  // log2 of weight slices per operand
  wire [2:0] lp = {1'b0, la} + {1'b0, lw};         // log2 of bricks per product

  wire signed [23:0] term[0:15];

  genvar b;
  generate
    for (b = 0; b < 16; b = b + 1) begin : g_brick
      // Brick b serves product i = b >> lp; within it, activation slice s and weight slice u.
      localparam integer BI = b;
      wire [3:0] bidx = BI[3:0];
      // 4-bit arithmetic wraps (1 << 4) - 1 to 15, the mask for 16 bricks per product.
      wire [3:0] rem  = bidx & ((4'd1 << lp) - 4'd1);
      wire [3:0] prod = bidx >> lp;
      wire [3:0] s    = rem & ((4'd1 << la) - 4'd1);
      wire [3:0] u    = rem >> la;
      wire [3:0] aidx = (prod << la) | s;              // activation slice index
      wire [3:0] widx = (prod << lw) | u;              // weight slice index
      wire       sx   = asigned & (s == (4'd1 << la) - 4'd1);
      wire       sy   = wsigned & (u == (4'd1 << lw) - 4'd1);
      wire [3:0] sh   = (s + u) << 1;
      wire signed [5:0] p;

      bitbrick u_brick (
          .x (act[{aidx, 1'b0} +: 2]),
          .sx(sx),
          .y (wgt[{widx, 1'b0} +: 2]),
          .sy(sy),
          .p (p)
      );
      assign term[b] = {{18{p[5]}}, p} <<< sh;
    end
  endgenerate

  assign dot = ((term[0] + term[1]) + (term[2] + term[3])) + ((term[4] + term[5]) + (term[6] + term[7]))
             + ((term[8] + term[9]) + (term[10] + term[11])) + ((term[12] + term[13]) + (term[14] + term[15]));

  always @(posedge clk) begin
    if (en) psum_out <= psum_in + {{8{dot[23]}}, dot};
  end
endmodule
