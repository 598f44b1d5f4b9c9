using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.Core.Completion;

/// <summary>
/// The one rule of "she finished the course": every published lesson of it carries her completion.
/// Completions are read from her progress, not from the lesson states, so they stay hers after a
/// refund or revocation (what she did is not taken back); whether she may open the completion pages
/// then is the ordinary access rule (<see cref="StudentCourse.HasAccess"/>). A lesson published later,
/// or one she marks not complete, makes the course not complete again until she completes it.
/// </summary>
public static class CourseCompletion
{
    public static bool IsComplete(this StudentCourse view) =>
        view.Enrollment is not null && view.Lessons.Count > 0 && view.Lessons.All(l => l.CompletedAt is not null);

    /// <summary>When she completed the course: her last lesson completion. Null while it is not complete.</summary>
    public static DateTimeOffset? CompletedAt(this StudentCourse view) =>
        view.IsComplete() ? view.Lessons.Max(l => l.CompletedAt) : null;

    /// <summary>When she completed a module: its last lesson completion; null while a lesson of it is open.</summary>
    public static DateTimeOffset? CompletedAt(this ModuleItem module) =>
        module.Lessons.Count > 0 && module.Lessons.All(l => l.CompletedAt is not null) ? module.Lessons.Max(l => l.CompletedAt) : null;

    /// <summary>
    /// The name on her certificate: the name she gave us, else the part of her email before the @ (never
    /// the whole address, which is not for printing). Blank or whitespace names count as none.
    /// </summary>
    public static string CertificateName(string? displayName, string? email)
    {
        if (!string.IsNullOrWhiteSpace(displayName)) return displayName.Trim();
        var at = email?.IndexOf('@') ?? -1;
        return at > 0 ? email![..at] : email ?? "";
    }

    /// <summary>Her first name for a note published "with first name": the first word of the name she gave; null without one (never from her email).</summary>
    public static string? FirstName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
}
