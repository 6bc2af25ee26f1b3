# Timing constraints of the AES-CTR accelerator (top aes_ctr_accel, SPEC §1) in
# generic SDC, for tools other than nextpnr-ecp5 (Vivado, Quartus, OpenSTA, ...).
# The ECP5 flow uses ecp5-lfe5u85f.lpf; both state the same clock.
#
# Clock: `clk`, single clock domain, rising edge. Target 150 MHz (6.667 ns),
# the frequency the estimates are placed and routed against on an
# LFE5U-85F at speed grade 6 (see ecp5-lfe5u85f.lpf and docs/estimates.md).
create_clock -name clk -period 6.667 [get_ports clk]

# I/O: every port is synchronous to clk. The estimates assume the surrounding
# system drives and captures the AXI ports from/into registers with no logic
# outside (the flow's timing harness does exactly that), i.e. zero external
# delay. Raise these by the logic/routing delay of the interconnect outside
# the IP when integrating it. (An input delay on the clock port itself is
# ignored by timing analysers; SDC has no portable set difference.)
set_input_delay  -clock clk 0.000 [all_inputs]
set_output_delay -clock clk 0.000 [all_outputs]

# False paths: none. `rst` is synchronous and active high (SPEC §1); its
# deassertion must reach every flip-flop in the same cycle, so it stays a
# timed single-cycle path (drive it from a reset synchroniser clocked by clk).
# There is no second clock, so no clock-domain crossing to cut.
