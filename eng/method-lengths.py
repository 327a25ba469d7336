#!/usr/bin/env python3
"""Lists C# methods (and other members with a body) by length, longest first.

    python3 eng/method-lengths.py [--min N] [PATH ...]      default: src, members of 40 lines or more

A member starts at a line declaring it (an access modifier, a name and an opening parenthesis) and ends at the brace
that closes its block at the same indentation, or, for an expression body (=>), at the line that ends it with ';'.
Lines are counted from the declaration to the end, comments and blank lines included. A heuristic, not a parser.
"""
import argparse
import os
import re
import sys

DECLARATION = re.compile(r"^(\s+)(?:\[[^\]]*\]\s*)*(?:(?:public|private|internal|protected|static|async|override|virtual|sealed|partial|new|unsafe|extern)\s+)+[^=;]*?\b(\w+)\s*(?:<[^>]*>)?\s*\(")


def members(path):
    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    for i, line in enumerate(lines):
        match = DECLARATION.match(line)
        if not match or re.search(r"\b(class|record|struct|interface|enum|delegate|new)\b", line.split("(")[0]):
            continue
        indent, name = match.group(1), match.group(2)
        for j in range(i, len(lines)):
            text = lines[j].rstrip()
            if text == indent + "{":
                end = next((k for k in range(j + 1, len(lines)) if lines[k].rstrip() == indent + "}"), j)
                break
            if "=>" in text:
                end = next((k for k in range(j, len(lines)) if lines[k].rstrip().endswith(";")), j)
                break
            if text.endswith(";"):
                end = j
                break
        else:
            end = i
        yield name, i + 1, end - i + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=["src"])
    parser.add_argument("--min", type=int, default=40, help="shortest member listed (default 40)")
    args = parser.parse_args()
    rows = []
    for root in args.paths:
        files = [root] if os.path.isfile(root) else [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".cs")]
        for path in files:
            if os.sep + "obj" + os.sep in path or os.sep + "bin" + os.sep in path:
                continue
            rows.extend((length, f"{path}:{line}", name) for name, line, length in members(path))
    for length, where, name in sorted(rows, reverse=True):
        if length >= args.min:
            print(f"{length:5}  {where}  {name}")


if __name__ == "__main__":
    sys.exit(main())
