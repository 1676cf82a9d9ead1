// BitBrick arithmetic and routing, included by bitbrick, fusion_unit and fusion_array, so that
// the unit tests check the very arithmetic the array uses. Every unit of an array routes its
// bricks the same way for a tile (the routing depends only on the precision), so the array
// decodes the routing once (BRICK_ROUTING) and all its units read it.

// log2 of the 2-bit slices per operand for a precision mode (0 = 2-bit, 1 = 4-bit, 2 or 3 =
// 8-bit).
function automatic [1:0] mode_slices_log2(input [1:0] mode);
  mode_slices_log2 = (mode == 2'd3) ? 2'd2 : mode;
endfunction

`ifndef FUSION_BRICK_MACROS
`define FUSION_BRICK_MACROS
// Macros rather than functions for the per-unit arithmetic: Verilator keeps a function's
// arguments and locals as model members, which the unit loop of fusion_array would store and
// reload for every brick. The arithmetic is 32-bit and wraps: the low 32 bits of a product or a
// sum do not depend on signedness, and no brick term or unit sum comes near 2^31.

// Value of a brick operand: the 2-bit slice SLICE, unsigned, or the signed top slice of its
// operand (3-bit signed: the top bit weighs -2) when the 3-bit SIGN_MASK is 4 (it is 0 or 4).
`define BRICK_VALUE(SLICE, SIGN_MASK) \
  ({30'd0, SLICE} - (({30'd0, SLICE} << 1) & {29'd0, SIGN_MASK}))

// Term B of the shift-add tree: brick B's 3-bit x 3-bit signed product (it fits in 6 bits),
// shifted to its place, with the routing BRICK_ROUTING declared in the including module.
`define BRICK_TERM(ACT, WGT, B) \
  ((`BRICK_VALUE(ACT[{brick_aidx[B], 1'b0} +: 2], brick_sxm[B]) \
    * `BRICK_VALUE(WGT[{brick_widx[B], 1'b0} +: 2], brick_sym[B])) << brick_sh[B])

// A Fusion Unit's sum: the 16 brick terms through a balanced adder tree. One expression, so the
// Verilated code keeps the partial sums in registers.
`define UNIT_DOT(ACT, WGT) \
  (((`BRICK_TERM(ACT, WGT, 0) + `BRICK_TERM(ACT, WGT, 1)) \
    + (`BRICK_TERM(ACT, WGT, 2) + `BRICK_TERM(ACT, WGT, 3))) \
   + ((`BRICK_TERM(ACT, WGT, 4) + `BRICK_TERM(ACT, WGT, 5)) \
    + (`BRICK_TERM(ACT, WGT, 6) + `BRICK_TERM(ACT, WGT, 7))) \
   + ((`BRICK_TERM(ACT, WGT, 8) + `BRICK_TERM(ACT, WGT, 9)) \
    + (`BRICK_TERM(ACT, WGT, 10) + `BRICK_TERM(ACT, WGT, 11))) \
   + ((`BRICK_TERM(ACT, WGT, 12) + `BRICK_TERM(ACT, WGT, 13)) \
    + (`BRICK_TERM(ACT, WGT, 14) + `BRICK_TERM(ACT, WGT, 15))))

// Declares the routing of the 16 bricks (brick_route() unpacked into the brick_* arrays) and
// decodes it from the precision inputs.
`define BRICK_ROUTING(AMODE, WMODE, ASIGNED, WSIGNED) \
  reg [3:0] brick_aidx[0:15], brick_widx[0:15], brick_sh[0:15]; \
  reg [2:0] brick_sxm[0:15], brick_sym[0:15]; \
  integer   brick; \
  always @(*) begin \
    for (brick = 0; brick < 16; brick = brick + 1) \
      {brick_sym[brick], brick_sxm[brick], brick_sh[brick], brick_widx[brick], \
       brick_aidx[brick]} = brick_route(brick[3:0], mode_slices_log2(AMODE), \
                                        mode_slices_log2(WMODE), ASIGNED, WSIGNED); \
  end
`endif

// Routing of brick b under la / lw (log2 of activation / weight slices per operand): brick b
// serves product i = b >> (la + lw); within it, activation slice s and weight slice u. Returns
// {weight sign mask, activation sign mask, shift, weight slice, activation slice}: the fields of
// BRICK_ROUTING's brick_sym, brick_sxm, brick_sh, brick_widx and brick_aidx.
function automatic [17:0] brick_route(input [3:0] f_b, input [1:0] f_la, input [1:0] f_lw,
                                      input f_asigned, input f_wsigned);
  reg [2:0] f_lp;
  reg [3:0] f_rem, f_prod, f_s, f_u, f_aidx, f_widx, f_sh;
  reg       f_sx, f_sy;
  begin
    f_lp   = {1'b0, f_la} + {1'b0, f_lw};
    // 4-bit arithmetic wraps (1 << 4) - 1 to 15, the mask for 16 bricks per product.
    f_rem  = f_b & ((4'd1 << f_lp) - 4'd1);
    f_prod = f_b >> f_lp;
    f_s    = f_rem & ((4'd1 << f_la) - 4'd1);
    f_u    = f_rem >> f_la;
    f_aidx = (f_prod << f_la) | f_s;
    f_widx = (f_prod << f_lw) | f_u;
    f_sx   = f_asigned & (f_s == (4'd1 << f_la) - 4'd1);
    f_sy   = f_wsigned & (f_u == (4'd1 << f_lw) - 4'd1);
    f_sh   = (f_s + f_u) << 1;
    brick_route = {f_sy, 2'b00, f_sx, 2'b00, f_sh, f_widx, f_aidx};
  end
endfunction
