/// The report's stylesheet: inline, system fonts only, readable contrast (WCAG AA or better
/// for all text), and print rules (A4, no broken cards, colours kept for badges).
enum HTMLStyle {
    static let css = """
    :root {
      --ink: #1b2330; --muted: #4a5565; --faint: #6b7686; --line: #dde2ea; --soft: #f4f6f9;
      --paper: #ffffff; --page: #eef1f5; --brand: #14254a; --brand-2: #1f3a6e; --link: #1d4fb8;
      --error: #b42318; --error-bg: #fdf0ef; --warning: #a2470b; --warning-bg: #fff6e8; --warning-bar: #dd7a16;
      --info: #1b5fc1; --info-bg: #eef5ff;
      --a: #157347; --b: #6fb43f; --c: #efc03a; --d: #e3782c; --e: #b42318;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif;
      --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
    }
    * { box-sizing: border-box; }
    html { background: var(--page); }
    body { margin: 0; color: var(--ink); font: 15px/1.55 var(--sans); -webkit-text-size-adjust: 100%; }
    a { color: var(--link); text-decoration: none; }
    a:hover { text-decoration: underline; }
    code, .mono { font-family: var(--mono); font-size: 0.88em; }
    h1, h2, h3, h4, h5 { line-height: 1.25; margin: 0; }

    .masthead { background: var(--brand); color: #fff; border-bottom: 4px solid #3d6fd1; }
    .masthead .wrap { padding: 28px 40px 26px; }
    .kicker { text-transform: uppercase; letter-spacing: 0.12em; font-size: 12px; font-weight: 700; color: #b9c8e8; margin: 0 0 6px; }
    .masthead h1 { font-size: 30px; font-weight: 700; letter-spacing: -0.01em; }
    .meta { display: flex; flex-wrap: wrap; gap: 8px 36px; margin: 18px 0 0; padding: 0; }
    .meta div { min-width: 0; }
    .meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: 0.1em; color: #b9c8e8; font-weight: 600; }
    .meta dd { margin: 2px 0 0; font-size: 15px; font-weight: 600; color: #fff; }

    .wrap { max-width: 1080px; margin: 0 auto; }
    main.wrap { padding: 28px 40px 16px; }
    section.block { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 26px 30px; margin: 0 0 24px; }
    section.block > h2 { font-size: 20px; margin: 0 0 4px; }
    #summary-h { margin-bottom: 18px; }
    h2.section-title { font-size: 20px; margin: 8px 0 14px; }
    .lede { color: var(--muted); margin: 0 0 18px; }

    .headline { display: grid; grid-template-columns: auto 1fr; gap: 28px; align-items: center; }
    .badge { display: inline-flex; align-items: center; justify-content: center; font-weight: 800; border-radius: 10px;
      color: #fff; width: 2em; height: 2em; font-size: 15px; line-height: 1; flex: none;
      -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .badge.xl { width: 132px; height: 132px; font-size: 78px; border-radius: 22px; box-shadow: inset 0 -6px 0 rgba(0,0,0,0.12); }
    .badge.lg { width: 60px; height: 60px; font-size: 34px; border-radius: 12px; }
    .grade-A { background: var(--a); color: #fff; }
    .grade-B { background: var(--b); color: #11280a; }
    .grade-C { background: var(--c); color: #2e2300; }
    .grade-D { background: var(--d); color: #2a1200; }
    .grade-E { background: var(--e); color: #fff; }
    .grade-none { background: #d5dae2; color: #303a48; }
    .headline .label { text-transform: uppercase; letter-spacing: 0.1em; font-size: 12px; font-weight: 700; color: var(--faint); margin: 0; }
    .verdict { font-size: 24px; font-weight: 700; margin: 4px 0 8px; line-height: 1.3; }
    .headline p.sentence { margin: 0; color: var(--muted); max-width: 62ch; }

    .stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin: 24px 0 0; padding: 0; }
    .stats div { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; border-top-width: 4px; }
    .stats dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); font-weight: 700; }
    .stats dd { margin: 2px 0 0; font-size: 28px; font-weight: 750; font-variant-numeric: tabular-nums; }
    .stats .s-policies { border-top-color: var(--brand-2); }
    .stats .s-error { border-top-color: var(--error); }
    .stats .s-warning { border-top-color: var(--warning-bar); }
    .stats .s-info { border-top-color: var(--info); }

    .charts { display: grid; grid-template-columns: 5fr 7fr; gap: 18px; }
    .charts figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px; min-width: 0; }
    .charts figure.wide { grid-column: 1 / -1; }
    .charts figcaption { font-weight: 700; font-size: 14px; margin: 0 0 8px; }
    .charts figcaption span { font-weight: 400; color: var(--muted); }
    svg.chart { display: block; max-width: 100%; height: auto; font-family: var(--sans); }
    svg.chart text { font-size: 13px; fill: var(--ink); }
    svg.chart text.value { font-weight: 700; font-variant-numeric: tabular-nums; }
    svg.chart text.strong { font-weight: 800; font-size: 15px; }
    svg.chart .axis { stroke: #9aa4b2; stroke-width: 1; }
    svg.chart .bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .bar.sev-error { fill: var(--error); } .bar.sev-warning { fill: var(--warning-bar); } .bar.sev-info { fill: var(--info); }
    .bar.cat { fill: #4a6fb5; }
    .bar.grade-A { fill: var(--a); } .bar.grade-B { fill: var(--b); } .bar.grade-C { fill: var(--c); }
    .bar.grade-D { fill: var(--d); } .bar.grade-E { fill: var(--e); }

    table.policies { width: 100%; border-collapse: collapse; font-size: 14px; }
    table.policies th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
      border-bottom: 2px solid var(--line); padding: 8px 10px; white-space: nowrap; }
    table.policies td { border-bottom: 1px solid var(--line); padding: 11px 10px; vertical-align: middle; }
    table.policies tbody tr:nth-child(even) td { background: #fafbfc; }
    table.policies .num { text-align: right; font-variant-numeric: tabular-nums; width: 1%; white-space: nowrap; }
    table.policies .grade { width: 1%; }
    table.policies .name { min-width: 320px; }
    table.policies .issue { max-width: 230px; }
    table.policies .name a { font-weight: 650; }
    table.policies .file { display: block; font-family: var(--mono); font-size: 12px; color: var(--faint); }
    table.policies .zero { color: #8b95a3; }
    table.policies .issue { color: var(--muted); }

    article.policy { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; margin: 0 0 24px; overflow: hidden; }
    article.policy > header { display: flex; gap: 18px; align-items: center; padding: 20px 28px; background: var(--soft); border-bottom: 1px solid var(--line); }
    article.policy > header h3 { font-size: 21px; }
    article.policy > header p { margin: 3px 0 0; color: var(--muted); font-size: 14px; }
    article.policy > header .counts { margin-left: auto; text-align: right; white-space: nowrap; }
    .policy-body { padding: 6px 28px 20px; }
    .pill { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 700; border: 1px solid transparent; white-space: nowrap; }
    .pill.sev-error { color: var(--error); background: var(--error-bg); border-color: #f3c3bf; }
    .pill.sev-warning { color: var(--warning); background: var(--warning-bg); border-color: #f4d3a6; }
    .pill.sev-info { color: var(--info); background: var(--info-bg); border-color: #c3d8f6; }
    .pill.cat { color: var(--muted); background: var(--soft); border-color: var(--line); font-weight: 600; }
    .pill.points { color: var(--ink); background: #fff; border-color: var(--line); }

    section.lesson { margin: 18px 0 0; }
    section.lesson > h4 { font-size: 16px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; padding: 0 0 8px; border-bottom: 1px solid var(--line); margin: 0 0 12px; }
    .lesson-id { color: var(--brand-2); font-weight: 800; }

    .finding { border: 1px solid var(--line); border-left: 5px solid var(--faint); border-radius: 8px; padding: 14px 18px; margin: 0 0 14px; break-inside: avoid; page-break-inside: avoid; }
    .finding.sev-error { border-left-color: var(--error); }
    .finding.sev-warning { border-left-color: var(--warning-bar); }
    .finding.sev-info { border-left-color: var(--info); }
    .finding > h5 { font-size: 16px; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    .finding > h5 .rule { margin-left: auto; font-weight: 400; color: var(--faint); font-size: 12px; }
    .finding p.message { margin: 6px 0 4px; }
    .finding p.where { margin: 0 0 10px; font-size: 13px; color: var(--muted); }
    .finding p.where code { color: var(--ink); }

    p.absent { margin: 8px 0 4px; padding: 9px 14px; border: 1px dashed #b8c0cc; border-radius: 6px; color: var(--muted); background: var(--soft); font-size: 14px; }
    .src { font-family: var(--mono); font-size: 13px; line-height: 1.6; background: #f7f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 0; margin: 0; overflow-x: auto; }
    .src .l { display: grid; grid-template-columns: 3.6em 1fr; }
    .src .n { text-align: right; padding-right: 1em; color: var(--faint); user-select: none; }
    .src .t { white-space: pre-wrap; overflow-wrap: anywhere; padding-right: 12px; }
    .src .more { color: var(--faint); padding-left: 3.6em; font-style: italic; }
    mark { background: #ffe08a; color: #1b1400; border-radius: 2px; box-shadow: 0 0 0 1px #e9b949; padding: 0 1px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .finding.sev-error .src mark, .conflict .side.denial mark { background: #ffd3cf; box-shadow: 0 0 0 1px #e48a82; color: #2d0603; }
    .conflict .side.claim mark { background: #d3e6ff; box-shadow: 0 0 0 1px #86aee6; color: #061b38; }

    .conflict { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin: 0 0 10px; }
    .side { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
    .side h6 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; margin: 0 0 2px; }
    .side.claim { border-top: 3px solid var(--info); } .side.claim h6 { color: var(--info); }
    .side.denial { border-top: 3px solid var(--error); } .side.denial h6 { color: var(--error); }
    .side p { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
    .side blockquote { margin: 0 0 8px; font-size: 15px; font-weight: 600; }

    dl.advice { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 22px; margin: 12px 0 0; }
    dl.advice dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; font-weight: 700; color: var(--muted); grid-row: 1; }
    dl.advice dd { margin: 0; grid-row: 2; font-size: 14px; }
    dl.advice code, .finding p.message code { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
    p.see-above { margin: 10px 0 0; font-size: 13px; color: var(--muted); }
    .ok { display: flex; gap: 10px; align-items: center; margin: 16px 0 4px; color: var(--a); font-weight: 650; }
    .input-error { margin: 16px 0 4px; padding: 12px 16px; border: 1px solid #f3c3bf; background: var(--error-bg); border-radius: 6px; }
    .input-error code { color: var(--error); font-weight: 600; }

    table.method { border-collapse: collapse; font-size: 14px; margin: 8px 0 14px; }
    table.method th, table.method td { border-bottom: 1px solid var(--line); padding: 7px 14px 7px 0; text-align: left; vertical-align: middle; }
    table.method th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
    table.method .pts { font-variant-numeric: tabular-nums; white-space: nowrap; }
    .method-grid { display: grid; grid-template-columns: 1fr 1.5fr; gap: 28px; }
    .method-grid h3 { font-size: 15px; margin: 14px 0 4px; }
    .method-grid p, .method-grid li { color: var(--muted); font-size: 14px; }

    footer.page { color: var(--muted); font-size: 13px; padding: 8px 40px 40px; }

    @media screen and (max-width: 760px) {
      .masthead .wrap, main.wrap { padding-left: 16px; padding-right: 16px; }
      .charts, .conflict, dl.advice, .method-grid, .headline { grid-template-columns: 1fr; }
      dl.advice dt, dl.advice dd { grid-row: auto; }
      .stats { grid-template-columns: repeat(2, 1fr); }
    }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      html, body { background: #fff; font-size: 11pt; }
      .masthead { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      main.wrap, .masthead .wrap { padding-left: 0; padding-right: 0; }
      .masthead .wrap { padding: 16px 20px; }
      main.wrap { padding-top: 14px; }
      section.block { padding: 16px 20px; margin-bottom: 14px; }
      .badge.xl { width: 96px; height: 96px; font-size: 56px; border-radius: 16px; }
      .verdict { font-size: 20px; }
      .stats { margin-top: 14px; }
      .stats dd { font-size: 22px; }
      table.policies .name { min-width: 0; }
      section.block, article.policy { border-color: #c9ced6; break-inside: auto; }
      h2.section-title { break-before: page; }
      article.policy + article.policy { break-before: page; }
      article.policy > header, .charts figure, table.policies tr, .side { break-inside: avoid; }
      h2, h3, h4, h5 { break-after: avoid; }
      a { color: inherit; }
      .src { overflow: visible; }
    }
    """
}
