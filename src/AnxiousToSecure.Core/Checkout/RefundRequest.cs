namespace AnxiousToSecure.Core.Checkout;

/// <summary>
/// A student asked for a refund of one purchase from her purchases page. One per payment: asking again
/// shows the open request. It holds no words of hers and no money: the admin decides, with the refund form.
/// </summary>
public sealed class RefundRequest
{
    public Guid Id { get; set; }
    public Guid PaymentId { get; set; }
    public Payment? Payment { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
