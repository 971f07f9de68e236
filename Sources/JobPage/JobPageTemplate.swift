/// The Mustache template of a job's page: one self-contained HTML document (inline CSS, SVG and a
/// few lines of script; no network). Sections: summary, timeline of revisions tested, posterior
/// chart, crash report, recipients, log.
enum JobPageTemplate {
    static let text = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style>
        body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
        header { background: #1d2b3a; color: #fff; padding: 14px 24px; }
        header h1 { margin: 0; font-size: 20px; }
        header .sub { color: #b9c6d3; font-size: 13px; }
        main { padding: 8px 24px 40px; max-width: 1100px; }
        section { background: #fff; border: 1px solid #dde2e8; border-radius: 6px; margin: 14px 0; padding: 12px 16px; }
        h2 { font-size: 15px; margin: 0 0 8px; }
        .outcome { font-size: 17px; font-weight: 600; }
        .found { color: #146c2e; } .inconclusive, .no_clean_release { color: #9a5b00; } .not_reproducible { color: #8b1a1a; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef0f3; }
        td.hash, .mono, pre { font-family: ui-monospace, Menlo, Consolas, monospace; }
        .bad { color: #b3261e; font-weight: 600; } .good { color: #146c2e; font-weight: 600; }
        .skip, .undecided { color: #7a7f87; }
        pre { background: #f3f4f6; padding: 8px; overflow-x: auto; font-size: 12px; max-height: 480px; }
        svg.chart text { font-size: 11px; fill: #555; }
        svg.chart .grid { stroke: #e3e6ea; }
        svg.chart rect.left { fill: #c9d8ea; }
        svg.chart polyline.best { fill: none; stroke: #1f5fa8; stroke-width: 2; }
        svg.chart circle.best { fill: #1f5fa8; }
        .legend span { margin-right: 14px; font-size: 12px; }
        .sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
        </style>
        </head>
        <body>
        <header>
        <h1>{{title}}</h1>
        <div class="sub">state: {{state}}{{#result}} · {{mode}} bisection, {{strategy}} strategy{{/result}}</div>
        </header>
        <main>
        <section id="summary">
        <h2>Result</h2>
        {{#result}}
        <div class="outcome {{outcome}}">{{outcome}}{{#culprit}}: <span class="mono" id="culprit">{{hash}}</span> {{title}}{{/culprit}}</div>
        {{#culprit}}<div>author: {{author}}</div>{{/culprit}}
        {{#confidence}}<div>confidence: {{confidence}}</div>{{/confidence}}
        <div>{{reason}}</div>
        <div>revisions tested: {{revisions_tested}}, builds: {{builds}}, runs: {{test_runs}}</div>
        {{#bad_commit}}<div>bad: <span class="mono">{{bad_commit}}</span></div>{{/bad_commit}}
        {{#good_commit}}<div>good: <span class="mono">{{good_commit}}</span></div>{{/good_commit}}
        {{#compiler}}<div>compiler: {{compiler}}</div>{{/compiler}}
        {{#warnings}}<div class="bad">warning: {{.}}</div>{{/warnings}}
        {{#candidates.0}}<h2>Candidates</h2>{{/candidates.0}}
        <table>{{#candidates}}<tr><td class="hash">{{hash}}</td><td>{{probability}}</td><td>{{title}}</td></tr>{{/candidates}}</table>
        {{/result}}
        {{^result}}<div class="outcome">running: no result yet</div>{{/result}}
        </section>
        <section id="timeline">
        <h2>Revisions tested</h2>
        <table>
        <tr><th>#</th><th>commit</th><th>why</th><th>build</th><th>runs</th><th>crashed</th><th>verdict</th></tr>
        {{#timeline}}<tr><td>{{n}}</td><td class="hash">{{short}}</td><td>{{reason}}</td><td>{{build}}</td><td>{{runs}}</td><td>{{crashes}}</td><td class="{{verdict}}">{{verdict}}{{#probability}} ({{probability}}){{/probability}}</td></tr>
        {{/timeline}}
        </table>
        </section>
        {{#chart}}
        <section id="posterior">
        <h2>Posterior</h2>
        <div class="legend"><span><i class="sw" style="background:#1f5fa8"></i>best candidate's probability</span><span><i class="sw" style="background:#c9d8ea"></i>candidates left</span></div>
        {{{chart}}}
        </section>
        {{/chart}}
        {{#crash}}
        <section id="crash">
        <h2>Crash: {{title}}</h2>
        {{#report}}<pre>{{report}}</pre>{{/report}}
        </section>
        {{/crash}}
        {{#recipients}}
        <section id="recipients">
        <h2>Who to notify</h2>
        <table>{{#people}}<tr><td>{{kind}}</td><td>{{name}}</td><td class="mono">{{email}}</td><td>{{roles}}</td></tr>{{/people}}</table>
        </section>
        {{/recipients}}
        <section id="log">
        <h2>Log <label><input type="checkbox" id="brief"> verdicts only</label></h2>
        <pre id="logtext">{{log}}</pre>
        </section>
        </main>
        <script>
        (function () {
          var pre = document.getElementById("logtext"), box = document.getElementById("brief"), all = pre.textContent;
          box.addEventListener("change", function () {
            pre.textContent = box.checked
              ? all.split("\n").filter(function (l) { return /^(# |Bisecting:|first |testing commit)/.test(l); }).join("\n")
              : all;
          });
        })();
        </script>
        </body>
        </html>
        """#
}
