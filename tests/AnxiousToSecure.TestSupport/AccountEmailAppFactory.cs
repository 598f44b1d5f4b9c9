namespace AnxiousToSecure.TestSupport;

/// <summary>The app with a worker on the account email queue: confirmation and reset emails arrive by themselves (see <see cref="SmtpSink.WaitForAsync"/>).</summary>
public class AccountEmailAppFactory : AppFactory
{
    protected override bool SendsAccountEmail => true;
}
