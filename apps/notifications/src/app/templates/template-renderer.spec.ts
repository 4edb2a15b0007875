import { renderTemplate, renderTemplateFile, TemplateError } from './template-renderer';

describe('template renderer', () => {
  it('fills variables and repeats a section per list element', () => {
    const text = renderTemplate('Hi {{name}}:\n{{#items}}\n- {{quantity}} x {{sku}} for {{name}}\n{{/items}}\nbye', {
      name: 'Ada',
      items: [
        { sku: 'a-1', quantity: 2 },
        { sku: 'b-2', quantity: 1 },
      ],
    });
    expect(text).toBe('Hi Ada:\n- 2 x a-1 for Ada\n- 1 x b-2 for Ada\nbye');
  });

  it('refuses a variable it has no value for', () => {
    expect(() => renderTemplate('Hi {{name}}', {})).toThrow(TemplateError);
  });

  it('escapes values for the format of the file: HTML, Slack, plain text', () => {
    const values = { name: '<b>Eve</b> & co', email: 'eve@example.com' };
    expect(renderTemplateFile('welcome-email.html', values)).toContain('Hello &lt;b&gt;Eve&lt;/b&gt; &amp; co,');
    expect(renderTemplateFile('user-created.slack.txt', values)).toContain('*&lt;b&gt;Eve&lt;/b&gt; &amp; co*');
    expect(renderTemplateFile('welcome-email.text.txt', values)).toContain('Hello <b>Eve</b> & co,');
  });

  it('lists the items of a rejected order in both formats', () => {
    const values = { name: 'Ada', orderRef: '1234', reason: 'STOCK_INSUFFICIENT', items: [{ sku: 'mug', quantity: 3 }] };
    expect(renderTemplateFile('order-rejected-apology.text.txt', values)).toContain('  - 3 x mug\n');
    expect(renderTemplateFile('order-rejected-apology.html', values)).toContain('<li>3 &times; mug</li>');
  });
});
