using AnxiousToSecure.Core.Data;

namespace AnxiousToSecure.Core.Audit;

/// <summary>One thing someone (or Stripe, or the system) did. Append-only: nothing updates or deletes these rows.</summary>
public sealed class AuditEntry
{
    public const int DetailsMaxLength = 2000;

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user who acted; null for Stripe or the system.</summary>
    public string? ActorId { get; set; }

    /// <summary>Who acted, as people read it: an email, "Stripe" or "system".</summary>
    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>, shaped area.verb.</summary>
    public required string Action { get; set; }

    /// <summary>The student the action was about, if any.</summary>
    public string? SubjectUserId { get; set; }

    /// <summary>The object acted on, e.g. "payment:…", "enrollment:…".</summary>
    public string? Target { get; set; }

    public string? Details { get; set; }
}

public sealed record AuditActor(string? Id, string Name)
{
    /// <summary>
    /// What an entry says of an actor whose account was deleted. The database's append-only trigger
    /// (migration AuditAppendOnly) allows exactly this one change, so it is built from this constant;
    /// changing the value needs a new migration that recreates the trigger.
    /// </summary>
    public const string DeletedAccountName = "deleted account";

    public static readonly AuditActor Stripe = new(null, "Stripe");
    public static readonly AuditActor System = new(null, "system");
}

/// <summary>Who is acting, and why, for an action that must say so.</summary>
public sealed record AuditNote(AuditActor Actor, string Reason);

public static class AuditLog
{
    /// <summary>Adds an entry to the context, so it commits (or not) with the change it describes.</summary>
    public static void Write(AppDbContext db, TimeProvider time, AuditActor actor, string action, string? subjectUserId, string? target, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            ActorId = actor.Id,
            Actor = actor.Name,
            Action = action,
            SubjectUserId = subjectUserId,
            Target = target,
            Details = details,
        });
}
