// Fusion array: ROWS x COLS Fusion Units in a systolic grid (BitFusion uses 16 x 32).
//
// Packed input channels are spread over the rows and output channels over the columns. Each
// unit holds its own weights (its private WBUF bank: two banks of WDEPTH 32-bit words, so the
// next tile's weights can load while this tile runs). Activations enter per row, skewed by one
// cycle per row, and pass right along the row; partial sums flow down each column into the
// column's 32-bit accumulator; results are de-skewed so that one output pixel leaves for all
// columns in the same cycle. The protocol and the cycle formula are in rtl/README.md.
//
// The grid is written as arrays updated by one loop over the units, not as ROWS x COLS
// fusion_unit instances: Verilator emits the instances' logic once per instance (megabytes of
// C++ for 16 x 32, which then ran at a few thousand cycles per second), but a loop once. What
// the units share is shared: the brick routing, decoded once per array, and the beat's tag,
// which reaches unit (r, c) r + c cycles late in every row. The units compute with the
// arithmetic of fusion_unit (fusion_brick.vh), which its tests check exhaustively.
module fusion_array #(
    parameter integer ROWS   = 16,
    parameter integer COLS   = 32,
    parameter integer WDEPTH = 16
) (
    input  wire                 clk,
    input  wire                 rst,
    // precision, sampled with start: 0 = 2-bit, 1 = 4-bit, 2 = 8-bit
    input  wire [1:0]           amode,
    input  wire [1:0]           wmode,
    input  wire                 asigned,
    input  wire                 wsigned,
    // weight load: one word per column into row wload_row, bank wload_bank, step wload_step
    input  wire                 wload_valid,
    input  wire                 wload_bank,
    input  wire [RB-1:0]        wload_row,
    input  wire [SB-1:0]        wload_step,
    input  wire [COLS*32-1:0]   wload_data,
    // tile control
    input  wire                 start,
    input  wire                 bank,
    input  wire [15:0]          num_pixels,
    input  wire [SB:0]          num_steps,
    output wire                 busy,
    // activation stream: one beat = one 32-bit packed word per row
    input  wire                 act_valid,
    input  wire [ROWS*32-1:0]   act_data,
    output wire                 act_ready,
    // results: one 32-bit accumulated sum per column for one output pixel
    output wire                 out_valid,
    output wire [COLS*32-1:0]   out_data,
    output wire                 done
);
`include "fusion_brick.vh"
  localparam integer RB = (ROWS > 1) ? $clog2(ROWS) : 1;
  localparam integer SB = (WDEPTH > 1) ? $clog2(WDEPTH) : 1;

  localparam [1:0] S_IDLE = 2'd0, S_STREAM = 2'd1, S_DRAIN = 2'd2;

  reg  [1:0]  state;
  reg  [1:0]  amode_q, wmode_q;
  reg         asigned_q, wsigned_q, bank_q;
  reg  [SB:0] steps_q;
  reg  [SB:0] step;         // reduction step of the next beat
  reg  [31:0] beats_left;
  reg  [15:0] pixels_left;

  wire start_ok = start && state == S_IDLE && num_pixels != 16'd0 && num_steps != {(SB+1){1'b0}}
                  && {{(31-SB){1'b0}}, num_steps} <= WDEPTH;
  wire take = act_valid && act_ready;

  assign busy      = state != S_IDLE;
  assign act_ready = state == S_STREAM;

  // Input register: the beat and its tag (valid, step, first step, last step of a pixel).
  reg [ROWS*32-1:0] in_data;
  reg               in_v, in_f, in_l;
  reg [SB-1:0]      in_t;

  always @(posedge clk) begin
    if (rst) begin
      state <= S_IDLE;
      in_v  <= 1'b0;
    end else begin
      in_v <= take;
      if (take) begin
        in_data <= act_data;
        in_t    <= step[SB-1:0];
        in_f    <= step == {(SB+1){1'b0}};
        in_l    <= step == steps_q - 1'b1;
        step    <= (step == steps_q - 1'b1) ? {(SB+1){1'b0}} : step + 1'b1;
        beats_left <= beats_left - 1;
        if (beats_left == 32'd1) state <= S_DRAIN;
      end
      if (start_ok) begin
        state       <= S_STREAM;
        amode_q     <= amode;
        wmode_q     <= wmode;
        asigned_q   <= asigned;
        wsigned_q   <= wsigned;
        bank_q      <= bank;
        steps_q     <= num_steps;
        step        <= {(SB+1){1'b0}};
        beats_left  <= {16'd0, num_pixels} * {{(31-SB){1'b0}}, num_steps};
        pixels_left <= num_pixels;
      end
      if (out_valid) begin
        pixels_left <= pixels_left - 16'd1;
        if (pixels_left == 16'd1) state <= S_IDLE;
      end
    end
  end

  assign done = out_valid && pixels_left == 16'd1;

  // Every unit routes its bricks the same way for a tile: one decoder for the whole array.
  `BRICK_ROUTING(amode_q, wmode_q, asigned_q, wsigned_q)

  // A beat's tag (valid, first step, last step, step) reaches unit (r, c) r + c cycles after the
  // input register, the same for every row: one shared delay line, tap k = k cycles late.
  localparam integer TAPS = ROWS + COLS - 1;
  reg  [TAPS-1:1] tv_q;
  wire [TAPS-1:0] tv = {tv_q, in_v};
  reg             tf[0:TAPS-1], tl[0:TAPS-1];
  reg  [SB-1:0]   tt[0:TAPS-1];
  always @(*) begin
    tf[0] = in_f;
    tl[0] = in_l;
    tt[0] = in_t;
  end

  // Row r's activations start r cycles late (skew), so its partial sums meet the ones coming
  // down from row r-1; sk_out[r] is what enters the row's first unit.
  wire [31:0] sk_out[0:ROWS-1];

  genvar r, c, k;
  generate
    always @(posedge clk) tv_q <= rst ? {(TAPS-1){1'b0}} : tv[TAPS-2:0];
    for (k = 1; k < TAPS; k = k + 1) begin : g_tap
      always @(posedge clk) begin
        tf[k] <= tf[k-1];
        tl[k] <= tl[k-1];
        tt[k] <= tt[k-1];
      end
    end

    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      reg [31:0] sk_a[0:r];
      always @(*) sk_a[0] = in_data[r*32 +: 32];
      if (r > 0) begin : g_skew
        integer d;
        always @(posedge clk) begin
          for (d = 1; d <= r; d = d + 1) sk_a[d] <= sk_a[d-1];
        end
      end
      assign sk_out[r] = sk_a[r];
    end
  endgenerate

  // The unit grid, flattened as [r*COLS + c]. Each unit's weight banks (its private WBUF bank)
  // are the 2*WDEPTH words from (i << (SB+1)): bank, then step.
  localparam integer UNITS = ROWS * COLS;
  reg [31:0] wmem[0:(UNITS << (SB + 1)) - 1];

  generate
    for (c = 0; c < COLS; c = c + 1) begin : g_wload
      always @(posedge clk) begin
        if (wload_valid)
          wmem[((wload_row * COLS + c) << (SB + 1)) | {{(31-SB){1'b0}}, wload_bank, wload_step}]
            <= wload_data[c*32 +: 32];
      end
    end
  endgenerate

  // The activations move one column right per cycle (a_q: what unit i passes to its right
  // neighbour); each enabled unit adds its bricks' terms to the partial sum from the unit above
  // (p_q: unit i's registered partial sum). The next state is built in one loop, so that the
  // Verilated model runs one loop body for all units instead of a copy of the unit per
  // instance, and skips the bricks of idle units.
  reg        [31:0] a_q[0:UNITS-1];
  reg signed [31:0] p_q[0:UNITS-1];
  /* verilator tracing_off */
  reg        [31:0] a_in[0:UNITS-1];
  reg signed [31:0] p_next[0:UNITS-1];
  reg        [31:0] act, wgt, dot;
  integer           ur, uc, ui;
  /* verilator tracing_on */
  always @(*) begin
    for (ur = 0; ur < ROWS; ur = ur + 1) begin
      for (uc = 0; uc < COLS; uc = uc + 1) begin
        ui = ur * COLS + uc;
        act = (uc == 0) ? sk_out[ur] : a_q[ui-1];
        a_in[ui] = act;
        p_next[ui] = p_q[ui];
        // defaults, so that the block stays combinational
        wgt = 32'd0;
        dot = 32'd0;
        if (tv[ur + uc]) begin
          wgt = wmem[(ui << (SB + 1)) | {{(31-SB){1'b0}}, bank_q, tt[ur + uc]}];
          dot = `UNIT_DOT(act, wgt);
          p_next[ui] = ((ur == 0) ? 32'sd0 : p_q[ui-COLS]) + $signed(dot);
        end
      end
    end
  end
  // With no beat in the grid the registers would only pass bubbles along: leave them alone
  // (clock gating), which also spares the Verilated model the copies.
  wire grid_busy = tv != {TAPS{1'b0}};
  always @(posedge clk) begin
    if (grid_busy) begin
      a_q <= a_in;
      p_q <= p_next;
    end
  end

  generate
    // Column accumulators and the de-skew of column c by COLS-1-c cycles.
    wire out_v[0:COLS-1];
    for (c = 0; c < COLS; c = c + 1) begin : g_acc
      localparam integer B = (ROWS - 1) * COLS + c;
      localparam integer T = ROWS - 1 + c;
      localparam integer DELAY = COLS - 1 - c;
      reg               b_v;
      reg               b_f, b_l;
      reg signed [31:0] acc;
      reg        [31:0] dq[0:DELAY];
      reg               dv[0:DELAY];
      wire signed [31:0] sum = b_f ? p_q[B] : acc + p_q[B];

      always @(posedge clk) begin
        // the bottom unit's tag, aligned with its registered partial sum
        b_v <= rst ? 1'b0 : tv[T];
        b_f <= tf[T];
        b_l <= tl[T];
        if (b_v) acc <= sum;
        dq[0] <= sum;
        dv[0] <= rst ? 1'b0 : (b_v && b_l);
      end
      if (DELAY > 0) begin : g_deskew
        integer d;
        always @(posedge clk) begin
          for (d = 1; d <= DELAY; d = d + 1) begin
            dq[d] <= dq[d-1];
            dv[d] <= rst ? 1'b0 : dv[d-1];
          end
        end
      end
      assign out_data[c*32 +: 32] = dq[DELAY];
      assign out_v[c] = dv[DELAY];
    end
    assign out_valid = out_v[0];
  endgenerate
endmodule
