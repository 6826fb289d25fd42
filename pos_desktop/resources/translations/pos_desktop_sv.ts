<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv">
  <context>
    <name>AddressDialog</name>
    <message>
      <source>New address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Edit address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Primary address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancel</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The contact name and phone default to the customer's.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>CustomerPanel</name>
    <message>
      <source>No customer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Press Customer search (F2) or Customer add (F3).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>(no name)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Loyalty card: {cards}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No loyalty card</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>DetailsPage</name>
    <message>
      <source>Back</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add to transaction</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save changes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Contact</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Addresses</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Contacts</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Attributes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Loyalty</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Affiliations</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Title</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Middle name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Organization name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print and email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No receipt</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer group</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Currency</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Language</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Purpose</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Street</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>City</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>ZIP</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Country</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Primary</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Edit</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Set primary</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Issue loyalty card</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>(no name)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ rejected this customer: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Person</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Organization</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No loyalty card yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Correct and resubmit</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Corrected and resubmitted: pending sync again.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saved at HQ.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Address added.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove the address {address} from this customer at HQ?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Loyalty card issued.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>POS Desktop — {store}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&lt;b&gt;{name}&lt;/b&gt; · {store} · terminal {terminal}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign out</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Store manager</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cashier</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{name} ({id}) · {role}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not signed in</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>NewCustomerDialog</name>
    <message>
      <source>New customer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancel</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save customer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Person</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Organization</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Title</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Middle name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Organization name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt and account</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Defaults from the store's default customer ({name}); change them if needed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print and email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No receipt</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>inherited: {email}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer group</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Currency</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Language</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Financial dimensions come from the default customer's group.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Financial dimensions</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Affiliations</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Attributes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>More emails and phones</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saving is unavailable until the HQ link returns.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Possible duplicates — is the customer already known?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use this customer instead</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saving…</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>POS</name>
    <message>
      <source>Not available for customers created asynchronously.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>same phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>same email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>same name and ZIP</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>all stores (HQ)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>this store</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Purpose</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Street</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>City</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>State</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>ZIP</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Country</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Contact name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Contact phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This store defines no customer attributes.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Yes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>— choose —</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not set</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>a number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>another email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>another phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Marketing consent</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Remove</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Account</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Store</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>All stores (HQ)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This store</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pending sync</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Please correct: {fields}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Something went wrong: {error}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Home</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Business</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Office</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Post box</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Waiting for HQ</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Synced</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Rejected by HQ</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>never</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Title</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Middle name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Organization name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt email</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer group</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Currency</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Affiliations</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>More emails and phones</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Address</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Attributes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer id</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>RegisterPage</name>
    <message>
      <source>Current transaction</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No items yet. Scan or key in items to start the sale.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Total {amount} {currency}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer add	F3</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer search	F2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer clear</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Customer details</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Disconnect</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Operations</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Connect</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This terminal has no HQ link configured.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Only a store manager can disconnect or connect the terminal.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message>
      <source>Back</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Back to the register (Esc)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search customers: name, phone, email, account number, ZIP…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Create customer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add to transaction</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Details</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search all stores</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type a name, phone, email, account number or ZIP.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No customers found at HQ.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No customers found on this terminal.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{n} customers in all stores (HQ)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No customer matches every word; these match some of them.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First {n} customers: type more to narrow the search.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{n} customers</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search failed: {error}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Searching all stores…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ search failed: {error}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search all stores needs the HQ link.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search all stores needs at least {n} characters.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SignInPage</name>
    <message>
      <source>e.g. 1001</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Operator ID</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign in</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>POS Desktop</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{store} · terminal {terminal}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign-in works offline: operators are checked on this terminal.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter your operator ID and password.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Checking…</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message>
      <source>Sync now</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Upload pending customers and fetch updates now</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ: Offline (disconnected by hand)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ: Online</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ: Offline</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>last contact {when}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pending sync: {n}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Rejected: {n}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last sync: {when}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last sync: requested…</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>domain</name>
    <message>
      <source>Not available for customers created asynchronously.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Only a store manager can edit customers.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This customer is pending sync and cannot be edited until HQ has assigned its account number.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Editing customers needs the HQ link, which is down.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Addresses cannot be added to a customer pending sync (the async customer addresses feature is off).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A loyalty card can be issued once the customer has synced.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Issuing a loyalty card needs the HQ link.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Secondary emails and phones need the multiple contacts and marketing consent feature.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Secondary emails and phones are not available in async mode.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The customer is created at HQ now.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The store creates customers asynchronously: "Pending sync" until HQ assigns the account number.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ is offline: the customer is saved here as "Pending sync" and uploaded when the link returns.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>HQ is offline and this store keeps no customer data on the terminal, so customers cannot be created until the link returns.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>At most {limit} characters.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use a two-letter country code.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter a street, city or ZIP.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose a title from the list.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Email receipts need an email.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown customer group.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use a three-letter code.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not a valid email address.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not a valid phone number.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown attribute.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Required.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter the first name.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter the last name.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter the organization name.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Must be a UUID.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown affiliation.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter a value or remove it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not a valid {definition.type.value}.</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
