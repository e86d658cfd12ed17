"""edXML of QCVN 102:2016/BTTTT: model, build, parse, signature (regulations.md §4.6)."""
