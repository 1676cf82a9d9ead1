// Fusion array: ROWS x COLS Fusion Units in a systolic grid (BitFusion uses 16 x 32).
//
// Packed input channels are spread over the rows and output channels over the columns. Each
// unit holds its own weights (its private WBUF bank: two banks of WDEPTH 32-bit words, so the
// next tile's weights can load while this tile runs). Activations enter per row, skewed by one
// cycle per row, and pass right along the row; partial sums flow down each column into the
// column's 32-bit accumulator; results are de-skewed so that one output pixel leaves for all
// columns in the same cycle. The protocol and the cycle formula are in rtl/README.md.
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

  // Per-unit signals, flattened as [r*COLS + c].
  wire [31:0]        a_in [0:ROWS*COLS-1];
  wire               v_in [0:ROWS*COLS-1];
  wire               f_in [0:ROWS*COLS-1];
  wire               l_in [0:ROWS*COLS-1];
  wire [SB-1:0]      t_in [0:ROWS*COLS-1];
  wire signed [31:0] p_out[0:ROWS*COLS-1];

  genvar r, c;
  generate
    for (r = 0; r < ROWS; r = r + 1) begin : g_row
      // Row r starts r cycles late, so its partial sum meets the one coming down from row r-1.
      reg [31:0]   sk_a[0:r];
      reg          sk_v[0:r], sk_f[0:r], sk_l[0:r];
      reg [SB-1:0] sk_t[0:r];
      always @(*) begin
        sk_a[0] = in_data[r*32 +: 32];
        sk_v[0] = in_v;
        sk_f[0] = in_f;
        sk_l[0] = in_l;
        sk_t[0] = in_t;
      end
      if (r > 0) begin : g_skew
        integer d;
        always @(posedge clk) begin
          for (d = 1; d <= r; d = d + 1) begin
            sk_a[d] <= sk_a[d-1];
            sk_v[d] <= rst ? 1'b0 : sk_v[d-1];
            sk_f[d] <= sk_f[d-1];
            sk_l[d] <= sk_l[d-1];
            sk_t[d] <= sk_t[d-1];
          end
        end
      end

      for (c = 0; c < COLS; c = c + 1) begin : g_col
        localparam integer I = r * COLS + c;
        reg  [31:0]   wmem[0:2*WDEPTH-1];

        if (c == 0) begin : g_first
          assign a_in[I] = sk_a[r];
          assign v_in[I] = sk_v[r];
          assign f_in[I] = sk_f[r];
          assign l_in[I] = sk_l[r];
          assign t_in[I] = sk_t[r];
        end else begin : g_next
          assign a_in[I] = g_row[r].g_col[c-1].g_pass.a_q;
          assign v_in[I] = g_row[r].g_col[c-1].g_pass.v_q;
          assign f_in[I] = g_row[r].g_col[c-1].g_pass.f_q;
          assign l_in[I] = g_row[r].g_col[c-1].g_pass.l_q;
          assign t_in[I] = g_row[r].g_col[c-1].g_pass.t_q;
        end

        // The activation and its tag move one column right per cycle.
        if (c < COLS - 1) begin : g_pass
          reg  [31:0]   a_q;
          reg           v_q, f_q, l_q;
          reg  [SB-1:0] t_q;
          always @(posedge clk) begin
            a_q <= a_in[I];
            v_q <= rst ? 1'b0 : v_in[I];
            f_q <= f_in[I];
            l_q <= l_in[I];
            t_q <= t_in[I];
          end
        end

        always @(posedge clk) begin
          if (wload_valid && wload_row == r[RB-1:0])
            wmem[{wload_bank, wload_step}] <= wload_data[c*32 +: 32];
        end

        wire signed [31:0] p_in;
        if (r == 0) begin : g_top
          assign p_in = 32'sd0;
        end else begin : g_below
          assign p_in = p_out[I - COLS];
        end

        /* verilator lint_off PINCONNECTEMPTY */
        fusion_unit u_fu (
            .clk     (clk),
            .en      (v_in[I]),
            .amode   (amode_q),
            .wmode   (wmode_q),
            .asigned (asigned_q),
            .wsigned (wsigned_q),
            .act     (a_in[I]),
            .wgt     (wmem[{bank_q, t_in[I]}]),
            .psum_in (p_in),
            .dot     (),
            .psum_out(p_out[I])
        );
        /* verilator lint_on PINCONNECTEMPTY */
      end
    end

    // Column accumulators and the de-skew of column c by COLS-1-c cycles.
    wire out_v[0:COLS-1];
    for (c = 0; c < COLS; c = c + 1) begin : g_acc
      localparam integer B = (ROWS - 1) * COLS + c;
      localparam integer DELAY = COLS - 1 - c;
      reg               b_v;
      reg               b_f, b_l;
      reg signed [31:0] acc;
      reg        [31:0] dq[0:DELAY];
      reg               dv[0:DELAY];
      wire signed [31:0] sum = b_f ? p_out[B] : acc + p_out[B];

      always @(posedge clk) begin
        // the bottom unit's tag, aligned with its registered partial sum
        b_v <= rst ? 1'b0 : v_in[B];
        b_f <= f_in[B];
        b_l <= l_in[B];
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
