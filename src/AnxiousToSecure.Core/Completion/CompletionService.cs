using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.Core.Completion;

public enum CompletionDecision
{
    Complete,
    SignInRequired,
    NotEnrolled,
    EnrollmentInactive,
    NotComplete,
}

/// <summary>One module of her path, with the day she completed its last lesson.</summary>
public sealed record ModulePath(string Title, int Lessons, DateTimeOffset CompletedAt);

/// <summary>Her note as she sees it on her completion page.</summary>
public sealed record HerNote(string Text, NoteConsent Consent, bool Approved, DateTimeOffset UpdatedAt);

/// <summary>What her completion page and certificate show. <see cref="Reflections"/> is a count: the journal's text never leaves it.</summary>
public sealed record CompletionView(StudentCourse Course, string Name, DateTimeOffset CompletedAt, IReadOnlyList<ModulePath> Path, int Reflections, HerNote? Note);

/// <param name="Course">Her view of the course whatever the decision (null only without a course).</param>
/// <param name="View">Only when <see cref="CompletionDecision.Complete"/>.</param>
public sealed record CompletionResult(CompletionDecision Decision, StudentCourse? Course, CompletionView? View);

/// <summary>A note as course staff see it: the attribution it would be published with, never her email.</summary>
public sealed record StaffNote(Guid Id, string Text, NoteConsent Consent, string? FirstName, DateTimeOffset UpdatedAt, DateTimeOffset? ApprovedAt)
{
    public bool Publishable => Consent != NoteConsent.Private;
}

/// <summary>A note the course page may show: approved by staff and consented to by her.</summary>
/// <param name="FirstName">Her first name when she chose "with first name" and gave a name; otherwise null (shown anonymously).</param>
public sealed record PublishedNote(Guid Id, string Text, string? FirstName, DateTimeOffset ApprovedAt);

public enum NoteSaveResult
{
    Saved,

    /// <summary>Empty text: her note is removed.</summary>
    Removed,

    /// <summary>Only a student who completed the course, with access to it, writes one.</summary>
    NotComplete,

    TooLong,
}

public enum NoteReviewResult
{
    Done,
    NotFound,

    /// <summary>A private note is never published, so it cannot be approved.</summary>
    NotPublishable,
}

/// <summary>
/// The end of the course: her completion page and certificate (<see cref="GetAsync"/>), her note to the
/// author, staff review of notes, and <see cref="PublishedNotesAsync"/> for the course page.
/// </summary>
public sealed class CompletionService(AppDbContext db, StudentCourseService courses, TimeProvider time, Catalog.CourseContentCache? content = null)
{
    public async Task<CompletionResult> GetAsync(string? userId, CancellationToken ct = default)
    {
        if (userId is null) return new(CompletionDecision.SignInRequired, null, null);
        var view = await courses.GetForStudentAsync(userId, ct);
        var decision = view?.Enrollment is null ? CompletionDecision.NotEnrolled
            : !view.HasAccess ? CompletionDecision.EnrollmentInactive
            : !view.IsComplete() ? CompletionDecision.NotComplete
            : CompletionDecision.Complete;
        if (decision != CompletionDecision.Complete) return new(decision, view, null);

        var courseId = view!.Course.Id;
        var her = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.DisplayName,
                u.Email,
                Reflections = db.JournalEntries.Count(e => e.UserId == userId && e.Lesson!.CourseId == courseId),
                Note = db.Set<CompletionNote>().Where(n => n.UserId == userId && n.CourseId == courseId)
                    .Select(n => new HerNote(n.Text, n.Consent, n.ApprovedAt != null, n.UpdatedAt)).FirstOrDefault(),
            })
            .SingleAsync(ct);
        var path = view.Modules.Where(m => m.Lessons.Count > 0)
            .Select(m => new ModulePath(m.Title, m.Lessons.Count, m.CompletedAt()!.Value)).ToList();
        var completion = new CompletionView(view, CourseCompletion.CertificateName(her.DisplayName, her.Email), view.CompletedAt()!.Value, path, her.Reflections, her.Note);
        return new(decision, view, completion);
    }

    /// <summary>Writes (or with empty text removes) her note. A change of text or consent withdraws an approval: staff approve what is published, word for word.</summary>
    public async Task<NoteSaveResult> SaveNoteAsync(string userId, string? text, NoteConsent consent, CancellationToken ct = default)
    {
        var completion = await GetAsync(userId, ct);
        if (completion.Decision != CompletionDecision.Complete) return NoteSaveResult.NotComplete;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length > CompletionNote.MaxLength) return NoteSaveResult.TooLong;
        if (!Enum.IsDefined(consent)) consent = NoteConsent.Private;

        var courseId = completion.Course!.Course.Id;
        var note = await db.Set<CompletionNote>().SingleOrDefaultAsync(n => n.UserId == userId && n.CourseId == courseId, ct);
        var wasPublished = note?.ApprovedAt is not null;
        var now = time.GetUtcNow();
        if (trimmed.Length == 0)
        {
            if (note is not null)
            {
                db.Remove(note);
                await SaveAsync(wasPublished, ct);
            }
            return NoteSaveResult.Removed;
        }
        if (note is null)
        {
            note = new CompletionNote { UserId = userId, CourseId = courseId, Text = trimmed, Consent = consent, CreatedAt = now, UpdatedAt = now };
            db.Add(note);
        }
        else if (note.Text != trimmed || note.Consent != consent)
        {
            note.Text = trimmed;
            note.Consent = consent;
            note.UpdatedAt = now;
            note.ApprovedAt = null;
        }
        await SaveAsync(wasPublished && note.ApprovedAt is null, ct);
        return NoteSaveResult.Saved;
    }

    /// <summary>A change that takes a note off the course page is a content change (every instance's snapshot goes).</summary>
    private Task SaveAsync(bool leavesCoursePage, CancellationToken ct) =>
        leavesCoursePage ? Catalog.ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct) : db.SaveChangesAsync(ct);

    /// <summary>Every note of the course for staff, newest change first.</summary>
    public async Task<IReadOnlyList<StaffNote>> ListForStaffAsync(CancellationToken ct = default)
    {
        var rows = await db.Set<CompletionNote>().AsNoTracking().OrderByDescending(n => n.UpdatedAt)
            .Select(n => new { n.Id, n.Text, n.Consent, n.User!.DisplayName, n.UpdatedAt, n.ApprovedAt })
            .ToListAsync(ct);
        return [.. rows.Select(r => new StaffNote(r.Id, r.Text, r.Consent, r.Consent == NoteConsent.FirstName ? CourseCompletion.FirstName(r.DisplayName) : null, r.UpdatedAt, r.ApprovedAt))];
    }

    public Task<NoteReviewResult> ApproveAsync(Guid noteId, AuditActor actor, CancellationToken ct = default) => ReviewAsync(noteId, approve: true, actor, ct);

    public Task<NoteReviewResult> WithdrawAsync(Guid noteId, AuditActor actor, CancellationToken ct = default) => ReviewAsync(noteId, approve: false, actor, ct);

    private async Task<NoteReviewResult> ReviewAsync(Guid noteId, bool approve, AuditActor actor, CancellationToken ct)
    {
        var note = await db.Set<CompletionNote>().SingleOrDefaultAsync(n => n.Id == noteId, ct);
        if (note is null) return NoteReviewResult.NotFound;
        if (approve && !note.Publishable) return NoteReviewResult.NotPublishable;
        note.ApprovedAt = approve ? time.GetUtcNow() : null;
        // The entry names the note, not its words: the text stays in one place, editable and deletable by her.
        AuditLog.Write(db, time, actor, approve ? AuditActions.Note.Approved : AuditActions.Note.Withdrawn, note.UserId, $"note:{note.Id}", $"consent: {note.Consent}");
        // The course page's testimonials are part of the shared content: every instance drops its snapshot.
        await Catalog.ContentWrites.RunAsync(db, content, ct => db.SaveChangesAsync(ct), ct);
        return NoteReviewResult.Done;
    }

    /// <summary>
    /// The notes the course page may show, newest approval first: approved by staff AND published with her
    /// consent (first name or anonymous). A private note never appears here, approved or not.
    /// </summary>
    public async Task<IReadOnlyList<PublishedNote>> PublishedNotesAsync(CancellationToken ct = default) =>
        content is null ? [] : (await content.GetAsync(ct))?.Testimonials ?? [];

    /// <summary>The one query behind <see cref="PublishedNotesAsync"/>, run when the shared content snapshot is built.</summary>
    public static async Task<IReadOnlyList<PublishedNote>> PublishedNotesQuery(AppDbContext db, int courseId, CancellationToken ct = default)
    {
        var rows = await db.Set<CompletionNote>().AsNoTracking()
            .Where(n => n.CourseId == courseId && n.ApprovedAt != null && n.Consent != NoteConsent.Private)
            .OrderByDescending(n => n.ApprovedAt)
            .Select(n => new { n.Id, n.Text, n.Consent, n.User!.DisplayName, ApprovedAt = n.ApprovedAt!.Value })
            .ToListAsync(ct);
        return [.. rows.Select(r => new PublishedNote(r.Id, r.Text, r.Consent == NoteConsent.FirstName ? CourseCompletion.FirstName(r.DisplayName) : null, r.ApprovedAt))];
    }
}
