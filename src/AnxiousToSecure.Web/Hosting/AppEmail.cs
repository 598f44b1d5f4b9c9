using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Smtp;

namespace AnxiousToSecure.Web.Hosting;

public static class AppEmail
{
    /// <summary>
    /// Every email goes through SMTP (MailKit). Only Development may leave the host unset, and then
    /// writes messages to a pickup folder shown at /dev/mailbox.
    /// </summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.PickupDirectory = Path.GetFullPath(o.PickupDirectory, builder.Environment.ContentRootPath));
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.IsConfigured || development,
                "The setting 'Smtp:Host' (environment variable Smtp__Host) is missing: outside Development every email goes through an SMTP server.")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{SmtpOptions.Section}:Host"]) || !development)
        {
            services.AddSingleton<IEmailTransport, SmtpTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport, PickupFolderTransport>();
        }
        // Account email: pages enqueue (AccountEmails, Registration); the job makes the token and sends (AccountEmailDelivery).
        services.AddScoped<AccountEmails>();
        services.AddScoped<Registration>();
        services.AddScoped<AccountEmailDelivery>();
        return builder;
    }
}
