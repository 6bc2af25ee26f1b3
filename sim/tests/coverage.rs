//! Coverage mechanism (`sim::coverage`, `Options::coverage` of the Verilator bridge): a small FSM
//! built with coverage reports exactly the blocks, branches and bits its stimulus reached — a branch
//! never taken and a bit never toggled are listed as unhit, and taking them later makes them hit.

use sim::coverage::{Coverage, Kind};
use sim::verilator::{Model, Options};
use std::path::PathBuf;

const FSM: &str = "module fsm(input clk, input rst, input [3:0] a, output reg [3:0] q, output reg seen);
  reg [1:0] state;
  always @(posedge clk) begin
    if (rst) begin
      q <= 4'd0; state <= 2'd0; seen <= 1'b0;
    end else begin
      case (state)
        2'd0: if (a == 4'd3) state <= 2'd1;
        2'd1: begin q <= q + a; state <= 2'd2; end
        2'd2: seen <= 1'b1;
        default: state <= 2'd0;
      endcase
    end
  end
endmodule
";

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/coverage-test");
    std::fs::create_dir_all(&dir).expect("coverage test directory");
    dir
}

fn run(model: &mut Model, a: u64, cycles: usize) {
    let port = model.port("a").unwrap();
    model.set(port, a);
    for _ in 0..cycles {
        model.tick();
    }
}

#[test]
fn coverage_lists_the_branch_never_taken_until_it_is_taken() {
    let options = Options { coverage: true, ..Options::default() };
    let mut m = Model::build_source(FSM, "fsm", &options).expect("coverage build");
    let rst = m.port("rst").unwrap();
    m.set(rst, 1);
    run(&mut m, 0, 3);
    m.set(rst, 0);
    // a never equals 3: the FSM stays in state 0.
    run(&mut m, 1, 10);
    let first = out_dir().join(format!("fsm-{}-first.dat", std::process::id()));
    m.write_coverage(&first).unwrap();
    let c = Coverage::read(&first).unwrap();
    let unhit_lines: Vec<u32> = c.unhit(Kind::Line).iter().map(|p| p.line).collect();
    println!("unhit line points: {unhit_lines:?}\n{}", c.markdown(20));
    assert!(unhit_lines.contains(&8), "state 1's block (line 8) was never reached: {unhit_lines:?}");
    assert!(unhit_lines.contains(&9), "state 2's block (line 9) was never reached: {unhit_lines:?}");
    assert!(!unhit_lines.contains(&4), "the reset branch ran: {unhit_lines:?}");
    let never_toggled: Vec<&str> = c.unhit(Kind::Toggle).iter().map(|p| p.comment.as_str()).collect();
    assert!(never_toggled.contains(&"seen") && never_toggled.contains(&"state[0]"), "{never_toggled:?}");

    // Now a = 3: states 1 and 2 run, `seen` rises; counts are cumulative in the model.
    run(&mut m, 3, 6);
    let second = out_dir().join(format!("fsm-{}-second.dat", std::process::id()));
    m.write_coverage(&second).unwrap();
    let c = Coverage::read(&second).unwrap();
    let unhit_lines: Vec<u32> = c.unhit(Kind::Line).iter().map(|p| p.line).collect();
    assert!(!unhit_lines.contains(&8) && !unhit_lines.contains(&9), "{unhit_lines:?}");
    let never_toggled: Vec<&str> = c.unhit(Kind::Toggle).iter().map(|p| p.comment.as_str()).collect();
    assert!(!never_toggled.contains(&"seen"), "{never_toggled:?}");
    let t = c.total();
    assert!(t.line.hit > 0 && t.line.hit < t.line.total, "the default arm stays unhit: {t:?}");
    let _ = std::fs::remove_file(first);
    let _ = std::fs::remove_file(second);
}

#[test]
fn a_model_without_coverage_says_so() {
    let mut m = Model::build_source(FSM, "fsm", &Options::default()).expect("build");
    let e = m.write_coverage(&out_dir().join("never.dat")).unwrap_err();
    assert!(e.to_string().contains("without Options::coverage"), "{e}");
}

#[test]
fn the_checked_in_reasons_file_parses_and_every_rule_has_a_reason() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("coverage-reasons.txt");
    let text = std::fs::read_to_string(&path).expect("sim/coverage-reasons.txt");
    let rules = sim::coverage::parse_reasons(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(rules.iter().any(|r| r.kind == Kind::Line) && rules.iter().any(|r| r.kind == Kind::Toggle));
    for r in &rules {
        assert!(r.text.len() > 20, "rule on line {} gives no real reason: {:?}", r.rule_line, r.text);
    }
}
