namespace AnxiousToSecure.Core.Accounts;

/// <summary>Account emails waiting in the queue (enqueued or scheduled for a retry) and those that gave up.</summary>
public sealed record AccountEmailBacklog(long Pending, long Failed);

/// <summary>Reads the account email queue (the job adapter knows where it is kept).</summary>
public interface IAccountEmailBacklog
{
    AccountEmailBacklog Read();
}
