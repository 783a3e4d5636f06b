// The sample tickets of the demo board, under the R3 policy
// (examples/policies/r3_budget_system.toml, read by the page from its JSON twin). Their events are placed in
// working time before "now" with the policy's own calendar, so the board
// looks alive at any moment. Shared by the page and its browser test.

/**
 * @param {import("../pkg/sla_wasm.js").Calendar} calendar the policy's calendar
 * @param {Date | string} now
 * @returns {{id: string, title: string, events: object[]}[]}
 */
export function sampleTickets(calendar, now) {
  // The instant `d` of working time before now.
  const ago = (d) => calendar.sub(now, d);
  const created = (d, category, priority) => ({ at: ago(d), type: "created", category, priority });
  return [
    {
      id: "INC-101",
      title: "Budget planning module down for every user",
      events: [created("1h30m", "incident", "highest")],
    },
    {
      id: "INC-102",
      title: "Export of the consolidated report fails",
      events: [
        created("1 working day", "incident", "high"),
        { at: ago("4h"), type: "paused", reason: "waiting_for_info" },
      ],
    },
    {
      id: "INC-103",
      title: "Treasury sync takes hours",
      events: [created("9 working days", "incident", "medium")],
    },
    {
      id: "CON-104",
      title: "How to delegate signing rights",
      events: [
        created("2 working days", "consultation", "medium"),
        { at: ago("3h"), type: "resolved" },
      ],
    },
    {
      id: "SRV-105",
      title: "Restore a deleted budget draft",
      events: [created("6h", "service_nontypical", "low")],
    },
    {
      id: "CHG-106",
      title: "New budget classification codes",
      events: [created("3 working days", "change_request_federal", "none")],
    },
  ];
}
