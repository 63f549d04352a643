# Turns the output of make bench into one table: figure, baseline, ratio,
# target, met. Benchmark lines give the write figures; TABLE| lines come
# from the load tests of tests/perf.
function row(f, v, b, r, t, m) { printf "| %-50s | %12s | %12s | %7s | %-8s | %-3s |\n", f, v, b, r, t, m }
function metric(name,   i) { for (i = 3; i < NF; i++) if ($(i+1) == name) return $i; return "" }
/^BenchmarkLifecycle/ {
	hp = metric("hooked/plain"); tps = metric("transitions/s")
	hooked = metric("ns/hooked-update"); plain = metric("ns/plain-update")
}
/^BenchmarkOperations\/assignment-create/ { assign = metric("ns/op"); aq = metric("queries/op") }
/^BenchmarkOperations\/plain-create/ { pcreate = metric("ns/op"); pq = metric("queries/op") }
/^TABLE\|/ { split($0, a, "|"); lines[++n] = a[2] "|" a[3] "|" a[4] "|" a[5] "|" a[6] "|" a[7] }
END {
	row("figure", "studio", "plain PB", "ratio", "target", "met")
	print "|----------------------------------------------------|--------------|--------------|---------|----------|-----|"
	if (hp != "") row("hooked session update (us), hooked/plain", sprintf("%.0f", hooked/1000), sprintf("%.0f", plain/1000), sprintf("%.2f", hp), "<= 1.4x", hp <= 1.4 ? "yes" : "no")
	if (tps != "") row("transitions/s (with history)", sprintf("%.0f", tps), "-", "-", ">= 1000", tps >= 1000 ? "yes" : "no")
	if (assign != "" && pcreate != "") row("assignment create (us)", sprintf("%.0f", assign/1000), sprintf("%.0f", pcreate/1000), sprintf("%.2f", assign/pcreate), "<= 2x", assign/pcreate <= 2 ? "yes" : "no")
	if (aq != "") row("assignment create, SQL statements", aq, pq, "-", "-", "-")
	for (i = 1; i <= n; i++) { split(lines[i], a, "|"); row(a[1], a[2], a[3], a[4], a[5], a[6]) }
}
