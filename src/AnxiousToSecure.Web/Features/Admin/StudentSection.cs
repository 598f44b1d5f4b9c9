using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace AnxiousToSecure.Web.Features.Admin;

/// <summary>
/// Runs one admin action from her page. It returns the outcome key of <see cref="StudentDetail"/>'s
/// fixed list; a success goes back to the page (a fresh GET), a refusal is shown with the page as it is.
/// </summary>
public delegate Task StudentActionRunner(Func<Task<string>> action);

/// <summary>A section of the student page: her record to show, and the page's way to run an action.</summary>
public abstract class StudentSection : ComponentBase
{
    [Parameter, EditorRequired] public StudentRecord Record { get; set; } = default!;

    [Parameter, EditorRequired] public StudentActionRunner Run { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    /// <summary>Dates and times in the reading admin's zone, cascaded by the page.</summary>
    [CascadingParameter] protected AdminTime Time { get; set; } = default!;

    protected string UserId => Record.Student.Id;

    protected AuditActor Actor => HttpContext.User.AsAuditActor("admin");

    /// <summary>Who acts and why, for an action that must say so (the reason goes into the audit log).</summary>
    protected AuditNote Note(string? reason) => new(Actor, reason ?? "");
}
